using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class UserSettingsEntityTypeConfiguration : IEntityTypeConfiguration<UserSettingsRecord>
{
    public void Configure(EntityTypeBuilder<UserSettingsRecord> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.Property(s => s.UserId).ValueGeneratedNever().HasColumnName("user_id");
        settings.Property(s => s.Settings).HasColumnName("settings").HasJsonConversion();
        settings.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
