global using Webhooks.Api.Apis;
global using Webhooks.Api.Extensions;
