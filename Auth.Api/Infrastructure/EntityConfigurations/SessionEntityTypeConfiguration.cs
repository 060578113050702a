using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Auth.Api.Infrastructure.EntityConfigurations;

internal sealed class SessionEntityTypeConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(s => s.IdHash);
        builder.Property(s => s.IdHash).HasColumnName("id_hash").HasMaxLength(64);
        builder.Property(s => s.UserId).HasColumnName("user_id");
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.LastSeenAt).HasColumnName("last_seen_at");
        builder.Property(s => s.IdleExpiresAt).HasColumnName("idle_expires_at");
        builder.Property(s => s.AbsoluteExpiresAt).HasColumnName("absolute_expires_at");
        builder.Property(s => s.TokenKeyId).HasColumnName("token_key_id").HasMaxLength(64);
        builder.Property(s => s.AccessTokenCiphertext).HasColumnName("access_token_ciphertext");
        builder.Property(s => s.AccessTokenExpiresAt).HasColumnName("access_token_expires_at");
        builder.Property(s => s.RefreshTokenCiphertext).HasColumnName("refresh_token_ciphertext");
        builder.Property(s => s.RefreshTokenExpiresAt).HasColumnName("refresh_token_expires_at");
        builder.Property(s => s.TokensRefreshedAt).HasColumnName("tokens_refreshed_at");
        builder.Ignore(s => s.ExpiresAt);
        builder.HasIndex(s => s.UserId);
        // The clean-up deletes by either expiry.
        builder.HasIndex(s => s.IdleExpiresAt);
        builder.HasIndex(s => s.AbsoluteExpiresAt);
    }
}
