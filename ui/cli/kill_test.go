package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}

// TestKillNineLosesNoAcknowledgedDelivery runs `hookscope serve` as a real
// process, streams deliveries at it from 16 connections (the issue's
// saturation: more writers than a batch fills at once), kills it with
// SIGKILL mid-stream, and checks that every delivery that was answered 2xx
// is in the store when it is opened again.
func TestKillNineLosesNoAcknowledgedDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	db := filepath.Join(t.TempDir(), "h.db")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "HOOKSCOPE_TEST_MAIN=1",
		"HOOKSCOPE_TEST_ARGS="+strings.Join([]string{"serve", "--db", db, "--listen", "127.0.0.1:0"}, "\t"))
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`capturing on (http://\S+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}

	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"worker":%d,"n":%d}`, w, i)
				resp, err := client.Post(base+"/stream", "application/json", strings.NewReader(body))
				if err != nil {
					return // the server is gone
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					mu.Lock()
					acked[body] = true
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once a good number were acknowledged, while requests are in flight.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 2000 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()

	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	total, _ := st.Count(context.Background(), store.Filter{})
	page, err := st.List(context.Background(), store.Filter{}, 0, total)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, d := range page {
		full, err := st.Get(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored[string(full.Body)] = true
	}
	if len(acked) < 100 {
		t.Fatalf("only %d deliveries acknowledged before the kill; the test proves little", len(acked))
	}
	lost := 0
	for body := range acked {
		if !stored[body] {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged deliveries lost after SIGKILL", lost, len(acked))
	}
	t.Logf("%d acknowledged, %d stored (the difference: stored but killed before the reply)", len(acked), len(stored))
}
