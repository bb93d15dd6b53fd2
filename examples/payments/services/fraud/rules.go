package fraud

import (
	"errors"
	"fmt"
	"strings"
)

// Rule is one independent fraud signal. Evaluate returns the weight the rule
// adds to the score, or 0 when it does not fire.
type Rule interface {
	Name() string
	Evaluate(p Payment) float64
}

// DefaultAmountLimits are per-currency amounts (minor units) above which a
// payment counts as large.
var DefaultAmountLimits = map[string]int64{
	"USD": 100_000,
	"EUR": 100_000,
	"GBP": 80_000,
	"JPY": 15_000_000,
}

// LargeAmountRule fires for payments above a per-currency limit.
type LargeAmountRule struct {
	Limits map[string]int64
	Weight float64
}

func (r LargeAmountRule) Name() string { return "large_amount" }

func (r LargeAmountRule) Evaluate(p Payment) float64 {
	if limit, ok := r.Limits[p.Currency]; ok && p.Amount > limit {
		return r.Weight
	}
	return 0
}

// GeoMismatchRule fires when the card was issued in a different country from
// the one the buyer's IP address is in. An unknown IP country never fires.
type GeoMismatchRule struct {
	Weight float64
}

func (r GeoMismatchRule) Name() string { return "geo_mismatch" }

func (r GeoMismatchRule) Evaluate(p Payment) float64 {
	if p.CardCountry == "" || p.IPCountry == "" || p.IPCountry == "XX" {
		return 0
	}
	if !strings.EqualFold(p.CardCountry, p.IPCountry) {
		return r.Weight
	}
	return 0
}

// RulesFromConfig builds the rule list named in the service configuration.
func RulesFromConfig(names []string) ([]Rule, error) {
	rules := make([]Rule, 0, len(names))
	for _, name := range names {
		switch name {
		case "large_amount":
			rules = append(rules, LargeAmountRule{Limits: DefaultAmountLimits, Weight: 0.4})
		case "geo_mismatch":
			rules = append(rules, GeoMismatchRule{Weight: 0.5})
		case "bin_blocklist":
			// Retired in the v1 rule engine, but old config files still list it.
			return nil, errors.New("fraud: rule bin_blocklist was retired by REQ-PAY-99; remove it from the rules list")
		default:
			return nil, fmt.Errorf("fraud: unknown rule %q", name)
		}
	}
	return rules, nil
}
