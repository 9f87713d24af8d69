using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Localization;

public static class LocalizationSetup
{
    /// <summary>Registers the strings, the cultures and the bank's calendar; returns why it cannot, if a setting is wrong.</summary>
    public static string? AddPortalLocalization(this IServiceCollection services, IConfiguration configuration)
    {
        var zoneId = configuration["Portal:TimeZone"] is { Length: > 0 } configuredZone ? configuredZone : BankCalendar.DefaultZone;
        if (BankCalendar.ForZone(zoneId, out var zoneProblem) is not { } calendar)
        {
            return $"Portal:TimeZone: {zoneProblem}.";
        }

        var configuredDefault = configuration["Portal:DefaultCulture"];
        var defaultLanguage = string.IsNullOrEmpty(configuredDefault) ? PortalLanguages.English : PortalLanguages.Match(configuredDefault);
        if (defaultLanguage is null)
        {
            return $"Portal:DefaultCulture '{configuredDefault}' is not one of {string.Join(", ", PortalLanguages.All)}.";
        }

        services.AddSingleton(calendar);
        services.AddSingleton<DateDisplay>();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedBindingMessages>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = PortalLanguages.All.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(defaultLanguage);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = false;
            options.FallBackToParentUICultures = false;
            options.ApplyCurrentCultureToResponseHeaders = true;
            options.RequestCultureProviders =
            [
                new SavedPreferenceCultureProvider(),
                new MappedCookieCultureProvider(),
                new MappedAcceptLanguageCultureProvider(),
            ];
        });
        return null;
    }

    public static IMvcBuilder AddPortalDataAnnotationsLocalization(this IMvcBuilder mvc) =>
        mvc.AddDataAnnotationsLocalization(options =>
            options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Shared)));
}

/// <summary>
/// Model binding's own messages ("The value 'x' is not valid for Due date.") in the reader's language. The accessors
/// run per request, so the localizer answers in the culture of the request being bound.
/// </summary>
internal sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var text = factory.Create(typeof(Shared));
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => text["Binding.ValueInvalidFor", value, field]);
        messages.SetMissingBindRequiredValueAccessor(field => text["Binding.MissingValueFor", field]);
        messages.SetMissingKeyOrValueAccessor(() => text["Binding.ValueRequired"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => text["Binding.BodyRequired"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => text["Binding.ValueInvalid", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["Binding.UnknownValueInvalid"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["Binding.MustBeNumber"]);
        messages.SetUnknownValueIsInvalidAccessor(field => text["Binding.UnknownValueInvalidFor", field]);
        messages.SetValueIsInvalidAccessor(value => text["Binding.ValueInvalid", value]);
        messages.SetValueMustBeANumberAccessor(field => text["Binding.MustBeNumberFor", field]);
        messages.SetValueMustNotBeNullAccessor(value => text["Binding.ValueRequired"]);
        options.ModelMetadataDetailsProviders.Add(new Infrastructure.EnumBindingMessages(text));
    }
}
