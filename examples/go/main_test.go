package main

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type recorder struct {
	mu        sync.Mutex
	resources map[string]pulumi.MockResourceArgs
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resources[args.Name] = args
	return args.Name + "-id", args.Inputs, nil
}

func (r *recorder) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// The program under Pulumi's mocks: what it declares, not a deployment (see README.md).
func TestQuickstartDeclaresKeySecretVersionAndBinding(t *testing.T) {
	t.Setenv("PULUMI_CONFIG", `{"project:dbPassword":"s3cr3t-from-config"}`)
	t.Setenv("PULUMI_CONFIG_SECRET_KEYS", `["project:dbPassword"]`)
	r := &recorder{resources: map[string]pulumi.MockResourceArgs{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks("project", "dev", r)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"app-db-key":         "lockbox:index:KmsSymmetricKey",
		"app-db":             "lockbox:index:Secret",
		"app-db-credentials": "lockbox:index:SecretVersion",
		"app-db-reader":      "lockbox:index:AccessBindingMember",
	}
	for name, typ := range want {
		if got := r.resources[name].TypeToken; got != typ {
			t.Errorf("%s: type %q, want %q", name, got, typ)
		}
	}
	if got := r.resources["app-db"].Inputs["kmsKeyId"]; got.StringValue() != "app-db-key-id" {
		t.Errorf("the secret's kmsKeyId is %v, want the key's id", got)
	}
	entries := r.resources["app-db-credentials"].Inputs["entries"]
	if !entries.IsSecret() {
		t.Fatal("the version's entries are not sent as a secret")
	}
	list := entries.SecretValue().Element.ArrayValue()
	if len(list) != 2 || list[1].ObjectValue()["textValue"].StringValue() != "s3cr3t-from-config" {
		t.Errorf("the password entry does not carry the secret config value: %v", list)
	}
	if got := r.resources["app-db-reader"].Inputs["secretId"]; got.StringValue() != "app-db-id" {
		t.Errorf("the binding's secretId is %v, want the secret's id", got)
	}
}
