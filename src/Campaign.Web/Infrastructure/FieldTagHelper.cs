using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// One form field: label, input (or textarea/select) and its message, with the message beside the field.
/// <c>&lt;field for="Email" /&gt;</c>, <c>&lt;field for="Description" type="textarea" /&gt;</c>.
/// </summary>
[HtmlTargetElement("field", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(IHtmlGenerator generator) : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    /// <summary>Input type, or "textarea".</summary>
    [HtmlAttributeName("type")]
    public string? Type { get; set; }

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    [HtmlAttributeName("autocomplete")]
    public string? Autocomplete { get; set; }

    [HtmlAttributeName("items")]
    public IEnumerable<SelectListItem>? Items { get; set; }

    [HtmlAttributeName("rows")]
    public int Rows { get; set; } = 4;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field");

        var isCheckbox = For.ModelExplorer.ModelType == typeof(bool);
        var label = generator.GenerateLabel(ViewContext, For.ModelExplorer, For.Name, labelText: null, htmlAttributes: null);
        var inputOutput = NewOutput(Type == "textarea" ? "textarea" : Items is not null ? "select" : "input");
        // InputTagHelper copies an explicit type from the context's attributes, so the inner context must carry it.
        var inputAttributes = new TagHelperAttributeList();
        if (Type is not null && Type != "textarea")
        {
            inputAttributes.Add("type", Type);
        }

        var inputContext = new TagHelperContext(inputAttributes, new Dictionary<object, object>(), Guid.NewGuid().ToString("N"));
        if (Type == "textarea")
        {
            var textarea = new TextAreaTagHelper(generator) { For = For, ViewContext = ViewContext };
            inputOutput.Attributes.SetAttribute("rows", Rows);
            textarea.Process(inputContext, inputOutput);
        }
        else if (Items is not null)
        {
            var select = new SelectTagHelper(generator) { For = For, ViewContext = ViewContext, Items = Items };
            select.Init(inputContext);
            select.Process(inputContext, inputOutput);
        }
        else
        {
            var input = new InputTagHelper(generator) { For = For, ViewContext = ViewContext, InputTypeName = Type };
            input.Process(inputContext, inputOutput);
        }

        if (Autocomplete is not null)
        {
            inputOutput.Attributes.SetAttribute("autocomplete", Autocomplete);
        }

        foreach (var attribute in output.Attributes.Where(a => a.Name.StartsWith("data-", StringComparison.Ordinal)).ToList())
        {
            inputOutput.Attributes.SetAttribute(attribute);
            output.Attributes.Remove(attribute);
        }

        var hasError = ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.Errors.Count > 0;
        if (hasError)
        {
            inputOutput.Attributes.SetAttribute("aria-invalid", "true");
            inputOutput.Attributes.SetAttribute("aria-describedby", For.Name.Replace('.', '_') + "-error");
        }

        var message = generator.GenerateValidationMessage(ViewContext, For.ModelExplorer, For.Name, message: null, tag: "small", htmlAttributes: new { id = For.Name.Replace('.', '_') + "-error" });

        if (isCheckbox)
        {
            output.Content.AppendHtml("<label>");
            output.Content.AppendHtml(Render(inputOutput));
            output.Content.Append(" " + (For.Metadata.DisplayName ?? For.Name));
            output.Content.AppendHtml("</label>");
        }
        else
        {
            output.Content.AppendHtml(label);
            output.Content.AppendHtml(Render(inputOutput));
        }

        if (!string.IsNullOrEmpty(Hint))
        {
            output.Content.AppendHtml("<small class=\"muted\">");
            output.Content.Append(Hint);
            output.Content.AppendHtml("</small>");
        }

        output.Content.AppendHtml(message);
        await Task.CompletedTask;
    }

    private static TagHelperOutput NewOutput(string tagName) =>
        new(tagName, [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()))
        {
            TagMode = tagName == "input" ? TagMode.SelfClosing : TagMode.StartTagAndEndTag,
        };

    private static string Render(TagHelperOutput output)
    {
        using var writer = new StringWriter();
        output.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
