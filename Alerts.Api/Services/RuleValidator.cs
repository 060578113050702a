using System.Text.RegularExpressions;
using ActionsDashboard.GitHub.Rest;
using Alerts.Api.Model;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alerts.Api.Services;

/// <summary>
/// Checks a rule as sent and gives its normalised form, or every problem found keyed by field (answered as a 400
/// validation problem). On <c>PUT</c>, the stored destination is passed in: its URL and secret an
/// edit may leave out.
/// </summary>
public sealed partial class RuleValidator(DestinationGuard guard, IOptionsMonitor<AlertsOptions> options)
{
    public const int MaxNameLength = 100;
    public const int MaxWorkflowLength = 200;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public sealed record ValidRule(string Name, string Repository, string? Branch, string? Workflow, string[] Events, int? QueuedMinutes,
        string DestinationType, string? Url, string? Address, string? Secret, string? Team);

    public (ValidRule? Rule, Dictionary<string, string[]> Errors) Validate(RuleRequest? request, SealedDestination? existing, string? existingType)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["Send the rule as JSON: name, repository, events and destination."];
            return (null, errors);
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Give the rule a name of 1 to {MaxNameLength} characters."];
        }

        var repository = request.Repository?.Trim();
        if (!IsRepositoryPattern(repository))
        {
            errors["repository"] = ["The repository must be owner/name or owner/* (GitHub's names: the owner 1 to 39 letters, digits or single hyphens; "
                + "the name 1 to 100 letters, digits, '.', '_' or '-')."];
        }

        var branch = string.IsNullOrWhiteSpace(request.Branch) ? null : request.Branch.Trim();
        if (branch is not null && !IsBranchPattern(branch))
        {
            errors["branch"] = ["The branch must be a valid Git branch name, with '*' for any characters (e.g. main, release/*); leave it out for the default branch."];
        }

        var workflow = string.IsNullOrWhiteSpace(request.Workflow) ? null : request.Workflow.Trim();
        if (workflow is not null && (workflow.Length > MaxWorkflowLength || workflow.Any(char.IsControl)))
        {
            errors["workflow"] = [$"The workflow must be its name or file (e.g. ci.yml), up to {MaxWorkflowLength} characters."];
        }

        var events = request.Events?.Select(e => e?.Trim().ToLowerInvariant() ?? "").Distinct().ToArray() ?? [];
        if (events.Length == 0 || events.Any(e => !AlertTransitions.All.Contains(e)))
        {
            errors["events"] = [$"Choose one or more of: {string.Join(", ", AlertTransitions.All)}."];
        }

        var queuedMinutes = request.QueuedMinutes;
        if (events.Contains(AlertTransitions.Queued) ? queuedMinutes is not (>= 1 and <= 1440) : queuedMinutes is not null and not (>= 1 and <= 1440))
        {
            errors["queuedMinutes"] = ["With the queued event, queuedMinutes must be a whole number of minutes from 1 to 1440."];
        }

        var team = string.IsNullOrWhiteSpace(request.Team) ? null : request.Team.Trim().ToLowerInvariant();
        if (team is not null && !IsTeam(team))
        {
            errors["team"] = ["The team must be organization/team-slug, as GitHub names it (e.g. octo-org/platform); leave it out for a rule of your own."];
        }

        var destination = ValidateDestination(request.Destination, existing, existingType, errors);
        return errors.Count > 0 || destination is null
            ? (null, errors)
            : (new ValidRule(name!, repository!, branch, workflow, events, events.Contains(AlertTransitions.Queued) ? queuedMinutes : null,
                destination.Value.Type, destination.Value.Url, destination.Value.Address, destination.Value.Secret, team), errors);
    }

    private (string Type, string? Url, string? Address, string? Secret)? ValidateDestination(DestinationRequest? request, SealedDestination? existing,
        string? existingType, Dictionary<string, string[]> errors)
    {
        var type = request?.Type?.Trim().ToLowerInvariant();
        if (type is null || !DestinationTypes.All.Contains(type))
        {
            errors["destination.type"] = [$"The destination type must be one of: {string.Join(", ", DestinationTypes.All)}."];
            return null;
        }

        // An edit that keeps the type may leave the stored URL and secret out.
        var keep = existing is not null && existingType == type;
        if (type == DestinationTypes.Email)
        {
            if (!options.CurrentValue.Smtp.IsConfigured)
            {
                errors["destination.type"] = ["E-mail alerts are not available: this server has no SMTP server configured (Alerts:Smtp). Use a Slack, Teams or webhook destination."];
                return null;
            }

            var address = request!.Address?.Trim();
            if (!IsEmailAddress(address))
            {
                errors["destination.address"] = ["Give one e-mail address, such as team@example.com."];
                return null;
            }

            return (type, null, address, null);
        }

        var url = string.IsNullOrWhiteSpace(request!.Url) ? keep ? existing!.Url : null : request.Url.Trim();
        if (guard.Check(url) is { } refused)
        {
            errors["destination.url"] = [refused];
        }

        var secret = string.IsNullOrEmpty(request.Secret) ? keep ? existing!.Secret : null : request.Secret;
        if (type == DestinationTypes.Webhook)
        {
            if (secret is null || secret.Length is < MinSecretLength or > MaxSecretLength)
            {
                errors["destination.secret"] = [$"A webhook destination needs a secret of {MinSecretLength} to {MaxSecretLength} characters to sign its requests with."];
            }
        }
        else if (!string.IsNullOrEmpty(request.Secret))
        {
            errors["destination.secret"] = ["Only webhook destinations take a secret: Slack's and Teams' URLs are their own credential."];
        }
        else
        {
            secret = null;
        }

        return errors.Count > 0 ? null : (type, url, null, secret);
    }

    public static bool IsRepositoryPattern(string? repository)
    {
        if (repository is null || repository.Split('/') is not [var owner, var name])
        {
            return false;
        }

        return GitHubNames.IsValidOwner(owner) && (name == "*" || GitHubNames.IsValidRepositoryName(name));
    }

    /// <summary><c>organization/slug</c>: a GitHub owner name, and a team slug (letters, digits, '-' and '_', up to 100).</summary>
    public static bool IsTeam(string team) =>
        team.Split('/') is [var organization, var slug] && GitHubNames.IsValidOwner(organization) && TeamSlug().IsMatch(slug);

    /// <summary>Git's rules for a branch name (git check-ref-format), with '*' allowed as a wildcard.</summary>
    public static bool IsBranchPattern(string branch) =>
        branch.Length <= 255 && BranchCharacters().IsMatch(branch) && !branch.Contains("..", StringComparison.Ordinal)
            && !branch.Contains("//", StringComparison.Ordinal) && !branch.Contains("@{", StringComparison.Ordinal)
            && !branch.StartsWith('/') && !branch.StartsWith('-') && !branch.StartsWith('.') && !branch.EndsWith('/') && !branch.EndsWith('.')
            && !branch.EndsWith(".lock", StringComparison.Ordinal) && !branch.Contains("/.", StringComparison.Ordinal) && branch != "@";

    public static bool IsEmailAddress(string? address) =>
        address is { Length: > 3 and <= 320 } && MailboxAddress.TryParse(address, out var mailbox)
            && mailbox.Address == address && mailbox.Address.Count(c => c == '@') == 1
            && mailbox.Address.IndexOf('@') is > 0 and var at && at < mailbox.Address.Length - 1;

    // No spaces, control characters or ~ ^ : ? [ \ (git check-ref-format); '*' is the wildcard here.
    [GeneratedRegex(@"^[a-z0-9_][a-z0-9_-]{0,99}\z")]
    private static partial Regex TeamSlug();

    [GeneratedRegex(@"^[^\x00-\x20\x7f~^:?\[\\]+\z")]
    private static partial Regex BranchCharacters();
}
