// The generated Go SDK (sdk/go/lockbox) against the contract in schema.json, with the Go SDK's mocks.
package sdktest

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi-lockbox/pulumi-lockbox/sdk/go/lockbox"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const prefix = "lockbox:index:"

type propSpec struct {
	Type                 string    `json:"type"`
	Ref                  string    `json:"$ref"`
	Items                *propSpec `json:"items"`
	AdditionalProperties *propSpec `json:"additionalProperties"`
	Secret               bool      `json:"secret"`
	Default              any       `json:"default"`
}

type objectSpec struct {
	Properties map[string]propSpec `json:"properties"`
	Required   []string            `json:"required"`
}

type schemaSpec struct {
	Name      string                `json:"name"`
	Types     map[string]objectSpec `json:"types"`
	Resources map[string]struct {
		InputProperties map[string]propSpec `json:"inputProperties"`
		RequiredInputs  []string            `json:"requiredInputs"`
	} `json:"resources"`
	Functions map[string]struct {
		Inputs  objectSpec `json:"inputs"`
		Outputs objectSpec `json:"outputs"`
	} `json:"functions"`
	Provider struct {
		InputProperties map[string]propSpec `json:"inputProperties"`
	} `json:"provider"`
}

var schema = func() schemaSpec {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "schema.json"))
	if err != nil {
		panic(err)
	}
	var s schemaSpec
	if err := json.Unmarshal(data, &s); err != nil {
		panic(err)
	}
	return s
}()

// sample is the value the tests set for a property, in plain Go form (the same rule as the Python tests).
func sample(p propSpec, name string) any {
	if p.Ref != "" {
		t := schema.Types[strings.TrimPrefix(p.Ref, "#/types/")]
		m := map[string]any{}
		for k, v := range t.Properties {
			m[k] = sample(v, k)
		}
		return m
	}
	switch p.Type {
	case "string":
		return name + "-value"
	case "boolean":
		return true
	case "integer", "number":
		return 7.0
	case "array":
		return []any{sample(*p.Items, name)}
	case "object":
		return map[string]any{"k": sample(propSpec{Type: "string"}, name)}
	}
	panic(fmt.Sprintf("no sample for %+v", p))
}

// plain is a property map as plain Go values, with secrets unwrapped (at any depth).
func plain(m resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[string(k)] = plainValue(v)
	}
	return out
}

func plainValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plainValue(v.SecretValue().Element)
	case v.IsArray():
		out := []any{}
		for _, e := range v.ArrayValue() {
			out = append(out, plainValue(e))
		}
		return out
	case v.IsObject():
		return plain(v.ObjectValue())
	}
	return v.V
}

func str(name string) pulumi.String { return pulumi.String(name + "-value") }

// mocks records what the SDK sends.
type mocks struct {
	mu        sync.Mutex
	resources map[string]pulumi.MockResourceArgs
	calls     []pulumi.MockCallArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resources[args.Name] = args
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, args)
	out := map[string]any{}
	for k, v := range schema.Functions[args.Token].Outputs.Properties {
		out[k] = sample(v, k)
	}
	return resource.NewPropertyMapFromMap(out), nil
}

func run(t *testing.T, program func(ctx *pulumi.Context) error) *mocks {
	t.Helper()
	m := &mocks{resources: map[string]pulumi.MockResourceArgs{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks("sdk-test", "test", m)); err != nil {
		t.Fatal(err)
	}
	return m
}

// allInputs registers every resource kind with every declared input set.
func allInputs(ctx *pulumi.Context) error {
	labels := pulumi.StringMap{"k": str("labels")}
	steps := []error{}
	_, err := lockbox.NewSecret(ctx, "Secret", &lockbox.SecretArgs{
		FolderId: str("folderId"), Name: str("name"), Description: str("description"), Labels: labels,
		KmsKeyId: str("kmsKeyId"), DeletionProtection: pulumi.Bool(true),
		PasswordPayloadSpecification: &lockbox.PasswordPayloadSpecificationArgs{
			PasswordKey: str("passwordKey"), Length: pulumi.Int(7), IncludeUppercase: pulumi.Bool(true),
			IncludeLowercase: pulumi.Bool(true), IncludeDigits: pulumi.Bool(true), IncludePunctuation: pulumi.Bool(true),
			IncludedPunctuation: str("includedPunctuation"), ExcludedPunctuation: str("excludedPunctuation"),
		},
	})
	steps = append(steps, err)
	_, err = lockbox.NewSecretVersion(ctx, "SecretVersion", &lockbox.SecretVersionArgs{
		SecretId: str("secretId"), Description: str("description"), RegenerateOn: str("regenerateOn"),
		DestructionPendingPeriod: str("destructionPendingPeriod"),
		Entries: lockbox.SecretEntryArray{lockbox.SecretEntryArgs{
			Key: str("key"), TextValue: str("textValue"), BinaryValue: str("binaryValue"),
		}},
	})
	steps = append(steps, err)
	_, err = lockbox.NewKmsSymmetricKey(ctx, "KmsSymmetricKey", &lockbox.KmsSymmetricKeyArgs{
		FolderId: str("folderId"), Name: str("name"), Description: str("description"), Labels: labels,
		DefaultAlgorithm: str("defaultAlgorithm"), RotationPeriod: str("rotationPeriod"),
		DeletionProtection: pulumi.Bool(true), Status: str("status"),
	})
	steps = append(steps, err)
	_, err = lockbox.NewAccessBinding(ctx, "AccessBinding", &lockbox.AccessBindingArgs{
		SecretId: str("secretId"), Role: str("role"), Members: pulumi.StringArray{str("members")},
	})
	steps = append(steps, err)
	_, err = lockbox.NewAccessBindingMember(ctx, "AccessBindingMember", &lockbox.AccessBindingMemberArgs{
		SecretId: str("secretId"), Role: str("role"), Member: str("member"),
	})
	steps = append(steps, err)
	_, err = lockbox.NewKmsKeyAccessBinding(ctx, "KmsKeyAccessBinding", &lockbox.KmsKeyAccessBindingArgs{
		KeyId: str("keyId"), Role: str("role"), Members: pulumi.StringArray{str("members")},
	})
	steps = append(steps, err)
	_, err = lockbox.NewKmsKeyAccessBindingMember(ctx, "KmsKeyAccessBindingMember", &lockbox.KmsKeyAccessBindingMemberArgs{
		KeyId: str("keyId"), Role: str("role"), Member: str("member"),
	})
	steps = append(steps, err)
	for _, e := range steps {
		if e != nil {
			return e
		}
	}
	return nil
}

func TestEveryResourceRegistersItsTokenWithExactlyTheDeclaredInputs(t *testing.T) {
	m := run(t, allInputs)
	if len(m.resources) != len(schema.Resources) {
		t.Errorf("registered %d resources, the schema declares %d", len(m.resources), len(schema.Resources))
	}
	for tok, res := range schema.Resources {
		name := strings.TrimPrefix(tok, prefix)
		got, ok := m.resources[name]
		if !ok {
			t.Errorf("%s: not registered", tok)
			continue
		}
		if got.TypeToken != tok {
			t.Errorf("%s: registered as %s", name, got.TypeToken)
		}
		want := map[string]any{}
		for k, p := range res.InputProperties {
			want[k] = sample(p, k)
			if v, ok := got.Inputs[resource.PropertyKey(k)]; ok && v.ContainsSecrets() != p.Secret {
				t.Errorf("%s.%s: secret is %v, the schema says %v", tok, k, v.ContainsSecrets(), p.Secret)
			}
		}
		if have := plain(got.Inputs); !reflect.DeepEqual(have, want) {
			t.Errorf("%s inputs:\n have %v\n want %v", tok, have, want)
		}
	}
}

func TestSecretVersionEntriesAreSecretOutputs(t *testing.T) {
	if !schema.Resources[prefix+"SecretVersion"].InputProperties["entries"].Secret {
		t.Fatal("the schema does not declare SecretVersion.entries secret")
	}
	var secret bool
	run(t, func(ctx *pulumi.Context) error {
		v, err := lockbox.NewSecretVersion(ctx, "v", &lockbox.SecretVersionArgs{
			SecretId: pulumi.String("s"),
			Entries:  lockbox.SecretEntryArray{lockbox.SecretEntryArgs{Key: pulumi.String("k"), TextValue: pulumi.String("x")}},
		})
		if err != nil {
			return err
		}
		secret = pulumi.IsSecret(v.Entries)
		return nil
	})
	if !secret {
		t.Error("SecretVersion.Entries is not a secret output")
	}
}

// lookups calls every function once, with every argument set.
func lookups(ctx *pulumi.Context, opts ...pulumi.InvokeOption) error {
	s := func(n string) *string { v := n + "-value"; return &v }
	_, e1 := lockbox.LookupSecret(ctx, &lockbox.LookupSecretArgs{SecretId: s("secretId"), FolderId: s("folderId"), Name: s("name")}, opts...)
	_, e2 := lockbox.LookupSecretVersion(ctx, &lockbox.LookupSecretVersionArgs{
		SecretId: s("secretId"), FolderId: s("folderId"), Name: s("name"), VersionId: s("versionId")}, opts...)
	_, e3 := lockbox.GetPayload(ctx, &lockbox.GetPayloadArgs{
		SecretId: s("secretId"), FolderId: s("folderId"), Name: s("name"), VersionId: s("versionId")}, opts...)
	_, e4 := lockbox.GetSecretVersionEntry(ctx, &lockbox.GetSecretVersionEntryArgs{
		SecretId: s("secretId"), FolderId: s("folderId"), Name: s("name"), VersionId: s("versionId"), Key: *s("key")}, opts...)
	_, e5 := lockbox.LookupKmsSymmetricKey(ctx, &lockbox.LookupKmsSymmetricKeyArgs{KeyId: s("keyId"), FolderId: s("folderId"), Name: s("name")}, opts...)
	for _, e := range []error{e1, e2, e3, e4, e5} {
		if e != nil {
			return e
		}
	}
	return nil
}

func TestEveryLookupInvokesItsTokenWithTheArguments(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error { return lookups(ctx) })
	seen := map[string]bool{}
	for _, c := range m.calls {
		seen[c.Token] = true
		fn, ok := schema.Functions[c.Token]
		if !ok {
			t.Errorf("invoked %s, which the schema does not declare", c.Token)
			continue
		}
		want := map[string]any{}
		for k, p := range fn.Inputs.Properties {
			want[k] = sample(p, k)
		}
		if have := plain(c.Args); !reflect.DeepEqual(have, want) {
			t.Errorf("%s args:\n have %v\n want %v", c.Token, have, want)
		}
	}
	for tok := range schema.Functions {
		if !seen[tok] {
			t.Errorf("%s: not invoked", tok)
		}
	}
}

func TestAnExplicitProviderIsPassedThrough(t *testing.T) {
	var urn string
	m := run(t, func(ctx *pulumi.Context) error {
		p, err := lockbox.NewProvider(ctx, "second", &lockbox.ProviderArgs{
			Endpoint: str("endpoint"), Token: str("token"), ServiceAccountKeyFile: str("serviceAccountKeyFile"),
			FolderId: str("folderId"), OperationTimeout: str("operationTimeout"),
		})
		if err != nil {
			return err
		}
		p.URN().ApplyT(func(u pulumi.URN) string { urn = string(u); return urn })
		if _, err := lockbox.NewSecret(ctx, "on-second", &lockbox.SecretArgs{Name: pulumi.String("s")}, pulumi.Provider(p)); err != nil {
			return err
		}
		return lookups(ctx, pulumi.Provider(p))
	})
	prov := m.resources["second"]
	if prov.TypeToken != "pulumi:providers:lockbox" {
		t.Errorf("provider registered as %s", prov.TypeToken)
	}
	for k, p := range schema.Provider.InputProperties {
		v, ok := prov.Inputs[resource.PropertyKey(k)]
		if !ok {
			t.Errorf("provider input %s not sent", k)
			continue
		}
		if v.ContainsSecrets() != p.Secret {
			t.Errorf("provider input %s: secret is %v, the schema says %v", k, v.ContainsSecrets(), p.Secret)
		}
	}
	if !strings.HasPrefix(m.resources["on-second"].Provider, urn+"::") {
		t.Errorf("the secret's provider is %q, want %s::<id>", m.resources["on-second"].Provider, urn)
	}
	if len(m.calls) != len(schema.Functions) {
		t.Errorf("%d calls, want %d", len(m.calls), len(schema.Functions))
	}
	for _, c := range m.calls {
		if !strings.HasPrefix(c.Provider, urn+"::") {
			t.Errorf("%s invoked with provider %q, want %s::<id>", c.Token, c.Provider, urn)
		}
	}
}

// TestEveryKindHasItsGoAPI reads the generated package: every resource has its constructor and every
// function its call and Output form, so a kind added to the registry shows up after regeneration.
func TestEveryKindHasItsGoAPI(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join("..", "..", "..", "sdk", "go", "lockbox"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
					funcs[fd.Name.Name] = true
				}
			}
		}
	}
	var missing []string
	for tok := range schema.Resources {
		if n := "New" + strings.TrimPrefix(tok, prefix); !funcs[n] {
			missing = append(missing, n)
		}
	}
	for tok := range schema.Functions {
		base := strings.TrimPrefix(strings.TrimPrefix(tok, prefix), "get")
		if !funcs["Get"+base] && !funcs["Lookup"+base] {
			missing = append(missing, "Get/Lookup"+base)
		}
		if !funcs["Get"+base+"Output"] && !funcs["Lookup"+base+"Output"] {
			missing = append(missing, "Get/Lookup"+base+"Output")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the Go SDK lacks %v", missing)
	}
}
