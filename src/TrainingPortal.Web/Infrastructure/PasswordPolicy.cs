namespace TrainingPortal.Web.Infrastructure;

public static class PasswordPolicy
{
    /// <summary>OWASP ASVS 5.0 (appendix C) asks for at least 210,000 PBKDF2-SHA512 iterations; Identity's default is 100,000.</summary>
    public const int Pbkdf2Iterations = 210_000;
}
