// Quickstart: a secret encrypted with its own KMS key, a version whose password comes from secret
// stack config, and a binding that lets one account read the payload.
package main

import (
	"regexp"
	"strings"

	"github.com/pulumi-lockbox/pulumi-lockbox/sdk/go/lockbox"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() { pulumi.Run(program) }

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	protect := cfg.GetBool("protect")

	// A customer-managed key: reading the secret then also needs a role on this key.
	key, err := lockbox.NewKmsSymmetricKey(ctx, "app-db-key", &lockbox.KmsSymmetricKeyArgs{
		Name:               pulumi.String(orDefault(cfg.Get("keyName"), "app-db-key")),
		Description:        pulumi.String("Encrypts the app database credentials"),
		RotationPeriod:     pulumi.String("7776000s"), // 90 days
		DeletionProtection: pulumi.Bool(protect),
	})
	if err != nil {
		return err
	}

	env := regexp.MustCompile(`[^-_0-9a-z]`).ReplaceAllString(strings.ToLower(ctx.Stack()), "-")
	secret, err := lockbox.NewSecret(ctx, "app-db", &lockbox.SecretArgs{
		Name:               pulumi.String(orDefault(cfg.Get("secretName"), "app-db")),
		Description:        pulumi.String("Credentials of the app database"),
		KmsKeyId:           key.ID(),
		DeletionProtection: pulumi.Bool(protect),
		Labels:             pulumi.StringMap{"app": pulumi.String("quickstart"), "env": pulumi.String(env)},
	})
	if err != nil {
		return err
	}

	version, err := lockbox.NewSecretVersion(ctx, "app-db-credentials", &lockbox.SecretVersionArgs{
		SecretId: secret.ID(),
		Entries: lockbox.SecretEntryArray{
			lockbox.SecretEntryArgs{
				Key:       pulumi.String("username"),
				TextValue: pulumi.ToSecret(pulumi.String(orDefault(cfg.Get("dbUsername"), "app"))).(pulumi.StringOutput),
			},
			lockbox.SecretEntryArgs{Key: pulumi.String("password"), TextValue: cfg.RequireSecret("dbPassword")},
		},
	})
	if err != nil {
		return err
	}

	// The application's service account may read the payload.
	if _, err := lockbox.NewAccessBindingMember(ctx, "app-db-reader", &lockbox.AccessBindingMemberArgs{
		SecretId: secret.ID(),
		Role:     pulumi.String("lockbox.payloadViewer"),
		Member:   pulumi.String(orDefault(cfg.Get("readerMember"), "serviceAccount:app-sa")),
	}); err != nil {
		return err
	}

	ctx.Export("kmsKeyId", key.ID())
	ctx.Export("secretId", secret.ID())
	ctx.Export("versionId", version.VersionId)
	ctx.Export("keys", version.PayloadEntryKeys)
	return nil
}
