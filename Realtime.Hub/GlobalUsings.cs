global using Realtime.Hub.Apis;
global using Realtime.Hub.Extensions;
global using Realtime.Hub.Hubs;
global using Realtime.Hub.IntegrationEvents;
global using Realtime.Hub.Model;
global using Realtime.Hub.Services;
