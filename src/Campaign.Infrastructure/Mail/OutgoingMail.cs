namespace Campaign.Infrastructure.Mail;

/// <summary>A message the app wants to send; bodies are already rendered (text and HTML).</summary>
public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string TextBody, string HtmlBody);
