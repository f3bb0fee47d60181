package tunnel

import "testing"

func TestPointsAt(t *testing.T) {
	cases := []struct {
		origin, listen string
		want           bool
	}{
		{"4747", "127.0.0.1:4747", true},
		{"localhost:4747", "127.0.0.1:4747", true},
		{"127.0.0.1:4747", "127.0.0.1:4747", true},
		{"[::1]:4747", "127.0.0.1:4747", true},
		{"http://localhost:4747", "127.0.0.1:4747", true},
		{"http://localhost:4747/", "127.0.0.1:4747", true},
		{"https://localhost:4747", "127.0.0.1:4747", true},
		{"HTTP://LOCALHOST:4747", "127.0.0.1:4747", true},
		{"localhost:4747", ":4747", true},
		{"localhost:4747", "0.0.0.0:4747", true},
		{"192.168.1.5:4747", "192.168.1.5:4747", true},
		{"http://localhost", "127.0.0.1:80", true},
		{"https://localhost", "127.0.0.1:443", true},

		{"localhost:3000", "127.0.0.1:4747", false},
		{"47470", "127.0.0.1:4747", false},
		{"http://localhost:47470", "127.0.0.1:4747", false},
		{"192.168.1.2:4747", "127.0.0.1:4747", false}, // another machine's 4747
		{"localhost:4747", "192.168.1.5:4747", false}, // hookscope is not on loopback
		{"http://localhost", "127.0.0.1:4747", false},
		{"file:///var/www", "127.0.0.1:4747", false},
		{"", "127.0.0.1:4747", false},
		{"4747", "127.0.0.1:0", false}, // port not bound yet
		{"4747", "nonsense", false},
		{"99999", "127.0.0.1:99999", false},
	}
	for _, c := range cases {
		if got := PointsAt(c.origin, c.listen); got != c.want {
			t.Errorf("PointsAt(%q, %q) = %v, want %v", c.origin, c.listen, got, c.want)
		}
	}
}

func TestPublicBaseRefusesWhatIsNotAPlainURL(t *testing.T) {
	cases := map[string]string{
		"https://abc.ngrok.app":      "https://abc.ngrok.app",
		"https://abc.ngrok.app/":     "https://abc.ngrok.app",
		"https://ABC.ngrok-free.app": "https://abc.ngrok-free.app",
		"http://abc.ngrok.io":        "http://abc.ngrok.io",
		"tcp://0.tcp.ngrok.io:12345": "",
		"https://abc.ngrok.app/x":    "",
		"https://u:p@abc.ngrok.app":  "",
		"https://evil\x1b[2J.app":    "",
		"https://evil\u009b31m.app":  "",
		"https://abc.ngrok.app?q=1":  "",
		"javascript:alert(1)":        "",
		"":                           "",
	}
	for in, want := range cases {
		if got := publicBase(in); got != want {
			t.Errorf("publicBase(%q) = %q, want %q", in, got, want)
		}
	}
}
