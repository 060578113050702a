global using Alerts.Api.Apis;
global using Alerts.Api.Extensions;
