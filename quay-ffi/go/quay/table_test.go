package quay

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Every operation of libquay's table (built from the spec) is a method of Client, and every
// paged one has its iterator.
func TestEveryOperationIsAMethod(t *testing.T) {
	var table []struct {
		ID     string          `json:"id"`
		Paging json.RawMessage `json:"paging"`
	}
	if err := json.Unmarshal(Operations(), &table); err != nil {
		t.Fatal(err)
	}
	if len(table) < 80 {
		t.Fatalf("the table has %d operations", len(table))
	}
	client := reflect.TypeOf(&Client{})
	for _, op := range table {
		name, ok := operationMethods[op.ID]
		if !ok {
			t.Errorf("%s has no method", op.ID)
			continue
		}
		m, ok := client.MethodByName(name)
		if !ok {
			t.Errorf("%s: Client has no method %s", op.ID, name)
			continue
		}
		if m.Type.NumIn() < 2 || m.Type.In(1).String() != "context.Context" {
			t.Errorf("%s: %s does not take a context.Context first", op.ID, name)
		}
		paged := len(op.Paging) > 0 && string(op.Paging) != "null"
		if _, ok := client.MethodByName(name + "All"); ok != paged {
			t.Errorf("%s: paged %v, but an iterator %sAll: %v", op.ID, paged, name, ok)
		}
	}
	if len(operationMethods) != len(table) {
		t.Errorf("%d methods for %d operations", len(operationMethods), len(table))
	}
}

func TestNullable(t *testing.T) {
	type body struct {
		A Nullable[int64] `json:"a,omitzero"`
		B Nullable[int64] `json:"b,omitzero"`
		C Nullable[int64] `json:"c,omitzero"`
	}
	doc, err := json.Marshal(body{B: Null[int64](), C: Value[int64](7)})
	if err != nil || string(doc) != `{"b":null,"c":7}` {
		t.Fatalf("%s %v", doc, err)
	}
	var back body
	if err := json.Unmarshal([]byte(`{"b":null,"c":7}`), &back); err != nil {
		t.Fatal(err)
	}
	if !back.A.IsZero() || !back.B.IsNull() || back.B.IsZero() {
		t.Fatalf("%+v", back)
	}
	if v, ok := back.C.Get(); !ok || v != 7 {
		t.Fatalf("%+v", back.C)
	}
	if *Ptr("x") != "x" {
		t.Fatal("Ptr")
	}
}
