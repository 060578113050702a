global using System.Text.Json.Nodes;
global using GitHub.Simulator.Apis;
global using GitHub.Simulator.Extensions;
global using GitHub.Simulator.Model;
global using GitHub.Simulator.Services;
global using GitHub.Simulator.Shapes;
