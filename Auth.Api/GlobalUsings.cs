global using Auth.Api.Apis;
global using Auth.Api.Extensions;
