global using Gateway.Extensions;
global using Gateway.Infrastructure;
global using Microsoft.Extensions.DependencyInjection.Extensions;
