package fvmi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// The corpora replayed, each with the network version its vectors run at.
var corpora = []struct {
	dir string
	nv  uint32
}{
	{"0006-ohsnap-01", 15},
	{"0001-shark-01", 17},
	{"0002-hygge-01", 18},
}

// How many vectors per corpus are replayed by default (FVMI_GO_VECTORS_PER_CORPUS: a number,
// or "all").
const defaultPerCorpus = 6

// TestVectors replays test vectors through the C ABI: each message applied by the Machine, each
// receipt (exit code, return, gas) and the final state root checked against the vector.
func TestVectors(t *testing.T) {
	vectors := os.Getenv("FVMI_VECTORS")
	if vectors == "" {
		t.Skip("FVMI_VECTORS is not set: no test vectors to replay (set it to the test-vectors directory)")
	}
	if _, err := os.Stat(vectors); err != nil {
		t.Skipf("FVMI_VECTORS=%s is missing: %v", vectors, err)
	}
	bundles := os.Getenv("FVMI_BUNDLES")
	if bundles == "" {
		bundles = filepath.Join(filepath.Dir(filepath.Clean(vectors)), "bundles")
	}
	bundleCARs := readBundles(t, bundles)
	skips := knownSkips(t)
	perCorpus := vectorsPerCorpus(t)
	for _, corpus := range corpora {
		corpus := corpus
		t.Run(corpus.dir, func(t *testing.T) {
			dir := filepath.Join(vectors, corpus.dir)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("corpus %s is missing: %v", dir, err)
			}
			if corpus.nv >= 16 && len(bundleCARs) == 0 {
				t.Skipf("network version %d needs the mainnet bundles: no *.car in %s (set FVMI_BUNDLES)", corpus.nv, bundles)
			}
			for _, path := range selectVectors(t, dir, perCorpus, skips) {
				path := path
				name := strings.TrimSuffix(filepath.Base(path), ".json")
				t.Run(name, func(t *testing.T) { replayFile(t, path, bundleCARs) })
			}
		})
	}
}

// vector is the part of the message-vector schema the replay uses.
type vector struct {
	Class         string            `json:"class"`
	Selector      map[string]string `json:"selector"`
	CAR           []byte            `json:"car"`
	Preconditions struct {
		Variants []struct {
			ID    string `json:"id"`
			Epoch int64  `json:"epoch"`
			NV    uint32 `json:"nv"`
		} `json:"variants"`
		StateTree  stateTree    `json:"state_tree"`
		BaseFee    *json.Number `json:"basefee"`
		CircSupply *json.Number `json:"circ_supply"`
	} `json:"preconditions"`
	ApplyMessages []struct {
		Bytes []byte `json:"bytes"`
	} `json:"apply_messages"`
	Postconditions struct {
		StateTree stateTree `json:"state_tree"`
		Receipts  []struct {
			ExitCode uint32 `json:"exit_code"`
			Return   []byte `json:"return"`
			GasUsed  int64  `json:"gas_used"`
		} `json:"receipts"`
	} `json:"postconditions"`
	Randomness []recorded `json:"randomness"`
}

type stateTree struct {
	RootCID struct {
		Link string `json:"/"`
	} `json:"root_cid"`
}

func readVector(path string) (*vector, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v vector
	if err := json.Unmarshal(text, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if v.Class != "message" {
		return nil, fmt.Errorf("%s: class %q is not a message vector", path, v.Class)
	}
	if len(v.Postconditions.Receipts) != len(v.ApplyMessages) {
		return nil, fmt.Errorf("%s: %d receipts for %d messages", path, len(v.Postconditions.Receipts), len(v.ApplyMessages))
	}
	return &v, nil
}

func amount(n *json.Number) (*big.Int, error) {
	if n == nil {
		return nil, nil
	}
	value, ok := new(big.Int).SetString(n.String(), 10)
	if !ok {
		return nil, fmt.Errorf("amount %q is not an integer", n.String())
	}
	return value, nil
}

func replayFile(t *testing.T, path string, bundleCARs [][]byte) {
	v, err := readVector(path)
	if err != nil {
		t.Fatal(err)
	}
	if reason := selectorSkip(v.Selector); reason != "" {
		t.Skip(reason)
	}
	gz, err := gzip.NewReader(bytes.NewReader(v.CAR))
	if err != nil {
		t.Fatalf("the vector's CAR is not gzip: %v", err)
	}
	car, err := io.ReadAll(gz)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	for _, variant := range v.Preconditions.Variants {
		t.Logf("variant %s: nv%d at epoch %d, %d message(s)", variant.ID, variant.NV, variant.Epoch, len(v.ApplyMessages))
		replayVariant(t, v, car, variant.NV, variant.Epoch, bundleCARs)
	}
}

func replayVariant(t *testing.T, v *vector, car []byte, nv uint32, epoch int64, bundleCARs [][]byte) {
	store, err := NewStore()
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	roots, err := store.LoadCAR(car)
	if err != nil {
		t.Fatal(err)
	}
	preRoot, err := ParseCID(v.Preconditions.StateTree.RootCID.Link)
	if err != nil {
		t.Fatal(err)
	}
	if !containsCID(roots, preRoot) {
		t.Fatalf("the CAR's roots %v do not include the pre-state root %s", roots, preRoot)
	}
	params := MachineParams{NetworkVersion: nv, Epoch: epoch, StateRoot: preRoot, Proofs: AcceptAllProofs}
	if nv == 15 {
		// The state does not name its actors: run fvmi's own v7 build.
		if params.BuiltinActors, err = store.LoadBuiltinBundle(); err != nil {
			t.Fatal(err)
		}
	} else {
		// The state's system actor names its bundle; every known bundle is loaded.
		for _, bundle := range bundleCARs {
			if _, err := store.LoadBundle(bundle); err != nil {
				t.Fatal(err)
			}
		}
	}
	if params.BaseFee, err = amount(v.Preconditions.BaseFee); err != nil {
		t.Fatal(err)
	}
	if params.CircSupply, err = amount(v.Preconditions.CircSupply); err != nil {
		t.Fatal(err)
	}
	externs := &replayExterns{recorded: v.Randomness, fromBase: nv >= 16}
	machine, err := NewMachine(store, params, externs)
	if err != nil {
		t.Fatal(err)
	}
	defer machine.Close()
	for i, message := range v.ApplyMessages {
		receipt, err := machine.ApplyExplicit(message.Bytes)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		want := v.Postconditions.Receipts[i]
		if receipt.ExitCode != want.ExitCode {
			t.Errorf("message %d: exit code %d, want %d", i, receipt.ExitCode, want.ExitCode)
		}
		if !bytes.Equal(receipt.Return, want.Return) {
			t.Errorf("message %d: return %x, want %x", i, receipt.Return, want.Return)
		}
		if receipt.GasUsed != want.GasUsed {
			t.Errorf("message %d: gas used %d, want %d", i, receipt.GasUsed, want.GasUsed)
		}
		if nv < 18 && receipt.EventsRoot != nil {
			t.Errorf("message %d: an events root before network version 18", i)
		}
	}
	root, err := machine.Flush()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := root.String(), v.Postconditions.StateTree.RootCID.Link; got != want {
		t.Errorf("post-state root %s, want %s", got, want)
	}
	calls := atomic.LoadInt64(&externs.calls)
	if len(v.Randomness) > 0 && calls == 0 {
		t.Errorf("the vector recorded randomness but no randomness callback was called")
	}
	t.Logf("%d message(s) matched; %d randomness callback(s) answered from Go", len(v.ApplyMessages), calls)
}

func containsCID(cids []CID, want CID) bool {
	for _, c := range cids {
		if bytes.Equal(c, want) {
			return true
		}
	}
	return false
}

// selectorSkip is why a vector's selector makes it unsupported ("" if it does not), as the
// conformance runner decides (conformance/src/skip.rs).
func selectorSkip(selector map[string]string) string {
	if selector["chaos_actor"] == "true" {
		return "selector chaos_actor=true: needs the test-only chaos actor"
	}
	if selector["requires:consensus_fault_extern"] == "true" {
		return "selector requires:consensus_fault_extern=true: needs a real consensus-fault extern"
	}
	return ""
}

// knownSkips reads the conformance runner's known divergences (by file stem, with reasons).
func knownSkips(t *testing.T) map[string]string {
	text, err := os.ReadFile(filepath.Join("..", "..", "conformance", "data", "known-divergences.json"))
	if err != nil {
		t.Fatalf("reading the known divergences: %v", err)
	}
	var data struct {
		Entries []struct {
			File   string `json:"file"`
			Action string `json:"action"`
			Reason string `json:"reason"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(text, &data); err != nil {
		t.Fatalf("parsing the known divergences: %v", err)
	}
	skips := map[string]string{}
	for _, entry := range data.Entries {
		skips[entry.File] = entry.Action + ": " + entry.Reason
	}
	return skips
}

func vectorsPerCorpus(t *testing.T) int {
	text := os.Getenv("FVMI_GO_VECTORS_PER_CORPUS")
	switch text {
	case "":
		return defaultPerCorpus
	case "all":
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil || n <= 0 {
		t.Fatalf("FVMI_GO_VECTORS_PER_CORPUS=%q: want a positive number or \"all\"", text)
	}
	return n
}

// selectVectors lists the corpus's vector files (sorted), leaves out known divergences, and
// keeps n of them evenly spaced (all for n == 0) plus the first one that recorded randomness,
// so that the Go externs are exercised.
func selectVectors(t *testing.T, dir string, n int, skips map[string]string) []string {
	var eligible []string
	err := filepath.WalkDir(dir, func(path string, entry os.DirEntry, err error) error {
		if err != nil || entry.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		stem := strings.TrimSuffix(entry.Name(), ".json")
		if reason, listed := skips[stem]; listed {
			t.Logf("left out %s (known divergence, %s)", stem, reason)
			return nil
		}
		eligible = append(eligible, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(eligible)
	if len(eligible) == 0 {
		t.Fatalf("no vectors in %s", dir)
	}
	if n == 0 || n >= len(eligible) {
		return eligible
	}
	chosen := map[string]bool{}
	for i := 0; i < n; i++ {
		chosen[eligible[i*len(eligible)/n]] = true
	}
	for _, path := range eligible {
		v, err := readVector(path)
		if err == nil && len(v.Randomness) > 0 && selectorSkip(v.Selector) == "" {
			chosen[path] = true
			break
		}
	}
	var out []string
	for _, path := range eligible {
		if chosen[path] {
			out = append(out, path)
		}
	}
	return out
}

// readBundles reads every *.car bundle in dir (none if dir is missing).
func readBundles(t *testing.T, dir string) [][]byte {
	paths, err := filepath.Glob(filepath.Join(dir, "*.car"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var cars [][]byte
	for _, path := range paths {
		car, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cars = append(cars, car)
	}
	return cars
}
