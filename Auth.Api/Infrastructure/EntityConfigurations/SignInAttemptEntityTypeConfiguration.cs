using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Auth.Api.Infrastructure.EntityConfigurations;

internal sealed class SignInAttemptEntityTypeConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> builder)
    {
        builder.ToTable("sign_in_attempts");
        builder.HasKey(a => a.StateHash);
        builder.Property(a => a.StateHash).HasColumnName("state_hash").HasMaxLength(64);
        builder.Property(a => a.KeyId).HasColumnName("key_id").HasMaxLength(64);
        builder.Property(a => a.CodeVerifierCiphertext).HasColumnName("code_verifier_ciphertext");
        builder.Property(a => a.RedirectUri).HasColumnName("redirect_uri").HasMaxLength(2048);
        builder.Property(a => a.ReturnUrl).HasColumnName("return_url").HasMaxLength(2048);
        builder.Property(a => a.CreatedAt).HasColumnName("created_at");
        builder.Property(a => a.ExpiresAt).HasColumnName("expires_at");
        builder.HasIndex(a => a.ExpiresAt);
    }
}
