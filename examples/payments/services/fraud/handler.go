package fraud

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// NewHandler serves the screening endpoint used by the payments API.
func NewHandler(s *Screener, now func() time.Time) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/screen", func(w http.ResponseWriter, r *http.Request) {
		var p Payment
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			http.Error(w, "invalid screening request: "+err.Error(), http.StatusBadRequest)
			return
		}
		if p.CardFingerprint == "" {
			http.Error(w, "card_fingerprint is required", http.StatusBadRequest)
			return
		}
		p.At = now()

		d := s.Screen(p)
		slog.Info("screened payment",
			"payment_id", p.ID, "merchant_id", p.MerchantID,
			"outcome", d.Outcome, "score", d.Score, "reasons", d.Reasons)

		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(d)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}
