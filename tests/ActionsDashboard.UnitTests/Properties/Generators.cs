using FsCheck;
using FsCheck.Fluent;

namespace ActionsDashboard.UnitTests.Properties;

/// <summary>Strings biased towards what breaks parsers and URL checks: separators, escapes, dots, whitespace, controls,
/// non-ASCII look-alikes, as well as plain letters.</summary>
internal static class Generators
{
    private static readonly char[] Tricky =
    [
        '/', '\\', ':', '@', '?', '#', '%', '.', '-', '_', '~', '<', '>', ';', ',', '"', '=', '&', '+', ' ', '\t', '\n', '\r',
        '\0', '\u0085', '\u00a0', '\u2028', '\u202e', '\uff0f', '\u2215', 'é', 'K', '\u212a', 'a', 'Z', '0', '9',
    ];

    public static Gen<char> Character { get; } = Gen.Frequency(
        (3, Gen.Elements(Tricky)),
        (2, Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray())),
        (1, Gen.Choose(0, 0xD7FF).Select(c => (char)c)));

    /// <summary>Mostly short strings of <see cref="Character"/>, sometimes very long ones.</summary>
    public static Gen<string> Text { get; } = Gen.Frequency(
        (9, Gen.ArrayOf(Character).Select(chars => new string(chars))),
        (1, Gen.Choose(90, 300).SelectMany(length => Gen.ArrayOf(Character, length)).Select(chars => new string(chars))));

    /// <summary>Paths and URLs: a prefix a redirect target might have, then <see cref="Text"/>.</summary>
    public static Gen<string> UrlLike { get; } =
        from prefix in Gen.Elements("", "/", "//", "/\\", "\\", "/%2f", "/%5c", "https://", "http:", "javascript:", "/.", "/..", " /", "\t/")
        from rest in Text
        select prefix + rest;
}
