global using Realtime.Hub.Apis;
global using Realtime.Hub.Extensions;
