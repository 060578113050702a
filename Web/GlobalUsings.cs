global using Web.Extensions;
