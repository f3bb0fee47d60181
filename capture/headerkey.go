package capture

// headerKey is the header name k, canonical already, as a string: a name
// that requests commonly carry, or that the tunnels in front of hookscope
// add, is shared rather than allocated anew for each delivery (net/http's
// textproto does the same).
func headerKey(k []byte) string {
	if s, ok := commonHeaderKeys[string(k)]; ok {
		return s
	}
	return string(k)
}

var commonHeaderKeys = func() map[string]string {
	names := []string{
		"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization",
		"Cache-Control", "Cdn-Loop", "Cf-Connecting-Ip", "Cf-Ipcountry", "Cf-Ray", "Cf-Visitor",
		"Connection", "Content-Encoding", "Content-Length", "Content-Type", "Cookie", "Date",
		"Expect", "Forwarded", "Ngrok-Trace-Id", "Origin", "Trailer", "Transfer-Encoding",
		"User-Agent", "Via", "X-Amz-Trace-Id", "X-Forwarded-For", "X-Forwarded-Host",
		"X-Forwarded-Port", "X-Forwarded-Proto", "X-Real-Ip", "X-Request-Id",
	}
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = n
	}
	return m
}()
