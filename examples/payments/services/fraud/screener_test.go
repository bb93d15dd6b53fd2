package fraud

import (
	"reflect"
	"testing"
	"time"
)

var basePayment = Payment{
	ID:              "pay_1",
	MerchantID:      "m_1",
	Amount:          5_000,
	Currency:        "EUR",
	CardFingerprint: "fp_1",
	CardCountry:     "DE",
	IPCountry:       "DE",
	At:              time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
}

func newTestScreener(t *testing.T) *Screener {
	t.Helper()
	s, err := NewScreener(
		Config{ReviewThreshold: 0.4, DeclineThreshold: 0.8},
		NewVelocityLimiter(5, 10*time.Minute),
		LargeAmountRule{Limits: map[string]int64{"EUR": 100_000}, Weight: 0.4},
		GeoMismatchRule{Weight: 0.5},
	)
	if err != nil {
		t.Fatalf("NewScreener: %v", err)
	}
	return s
}

// Verifies: REQ-PAY-5
func TestScreenOutcomes(t *testing.T) {
	tests := []struct {
		name        string
		amount      int64
		ipCountry   string
		wantOutcome Outcome
		wantReasons []string
	}{
		{"low risk", 5_000, "DE", Approve, []string{}},
		{"large amount", 250_000, "DE", Review, []string{"large_amount"}},
		{"geo mismatch", 5_000, "BR", Review, []string{"geo_mismatch"}},
		{"unknown ip country", 5_000, "XX", Approve, []string{}},
		{"large and mismatched", 250_000, "BR", Decline, []string{"large_amount", "geo_mismatch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePayment
			p.Amount = tt.amount
			p.IPCountry = tt.ipCountry

			got := newTestScreener(t).Screen(p)

			if got.Outcome != tt.wantOutcome {
				t.Errorf("outcome = %s (score %.2f), want %s", got.Outcome, got.Score, tt.wantOutcome)
			}
			if !reflect.DeepEqual(got.Reasons, tt.wantReasons) {
				t.Errorf("reasons = %v, want %v", got.Reasons, tt.wantReasons)
			}
		})
	}
}

// Verifies: REQ-PAY-5
func TestConfigRejectsReviewAboveDecline(t *testing.T) {
	_, err := NewScreener(Config{ReviewThreshold: 0.9, DeclineThreshold: 0.5}, nil)
	if err == nil {
		t.Fatal("expected an error for review threshold above decline threshold")
	}
}

func TestRetiredRuleIsRejected(t *testing.T) {
	if _, err := RulesFromConfig([]string{"large_amount", "bin_blocklist"}); err == nil {
		t.Fatal("expected the retired rule to be rejected")
	}
	rules, err := RulesFromConfig([]string{"large_amount", "geo_mismatch"})
	if err != nil || len(rules) != 2 {
		t.Fatalf("RulesFromConfig = %v, %v", rules, err)
	}
}
