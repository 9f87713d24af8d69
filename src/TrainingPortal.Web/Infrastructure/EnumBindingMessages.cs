using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// A posted value that is not one of an enum's choices (a number or a name typed into the request) is refused by model
/// binding before validation runs, with the generic "The value '7' is invalid.". Where the property gives
/// [EnumDataType] a message, that message is shown instead, so the person learns which choice to make.
/// </summary>
public sealed class EnumBindingMessages : IBindingMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        if (context.Attributes.OfType<EnumDataTypeAttribute>().FirstOrDefault() is not { ErrorMessage: { Length: > 0 } message })
        {
            return;
        }

        var messages = context.BindingMetadata.ModelBindingMessageProvider is { } inherited
            ? new DefaultModelBindingMessageProvider(inherited)
            : new DefaultModelBindingMessageProvider();
        messages.SetValueIsInvalidAccessor(_ => message);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => message);
        messages.SetValueMustNotBeNullAccessor(_ => message);
        messages.SetMissingBindRequiredValueAccessor(_ => message);
        context.BindingMetadata.ModelBindingMessageProvider = messages;
    }
}
