// Package fraud scores card payments before they are captured.
package fraud

import (
	"fmt"
	"time"
)

// Payment is the subset of a payment the fraud service needs.
type Payment struct {
	ID              string    `json:"payment_id"`
	MerchantID      string    `json:"merchant_id"`
	Amount          int64     `json:"amount"`
	Currency        string    `json:"currency"`
	CardFingerprint string    `json:"card_fingerprint"`
	CardCountry     string    `json:"card_country"`
	IPCountry       string    `json:"ip_country"`
	At              time.Time `json:"-"`
}

// Outcome is what the API should do with a payment.
type Outcome string

const (
	Approve Outcome = "approve"
	Review  Outcome = "review"
	Decline Outcome = "decline"
)

// ReasonVelocityExceeded is reported when a card is over its attempt limit.
const ReasonVelocityExceeded = "velocity_exceeded"

// Decision is the result of screening one payment.
type Decision struct {
	Outcome Outcome  `json:"outcome"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

// Config holds the tunable thresholds; scores are in [0, 1].
type Config struct {
	ReviewThreshold  float64
	DeclineThreshold float64
}

// Validate rejects configurations that would never hold a payment for review
// or that could never decline one.
func (c Config) Validate() error {
	if c.ReviewThreshold <= 0 || c.DeclineThreshold > 1 {
		return fmt.Errorf("fraud: thresholds must lie in (0, 1], got review=%v decline=%v",
			c.ReviewThreshold, c.DeclineThreshold)
	}
	if c.ReviewThreshold > c.DeclineThreshold {
		return fmt.Errorf("fraud: review threshold %v is above decline threshold %v",
			c.ReviewThreshold, c.DeclineThreshold)
	}
	return nil
}

// Screener runs the velocity gate and then the scoring rules.
//
// Implements: DES-SCORING
type Screener struct {
	cfg      Config
	velocity *VelocityLimiter
	rules    []Rule
}

// NewScreener validates cfg and returns a ready Screener. velocity may be nil
// to disable the velocity gate (used by replay tooling only).
func NewScreener(cfg Config, velocity *VelocityLimiter, rules ...Rule) (*Screener, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Screener{cfg: cfg, velocity: velocity, rules: rules}, nil
}

// Screen scores p and decides whether it may be captured. The score is the
// sum of the weights of all rules that fire, capped at 1.
//
// Implements: REQ-PAY-5
func (s *Screener) Screen(p Payment) Decision {
	if s.velocity != nil && !s.velocity.Allow(p.CardFingerprint, p.At) {
		return Decision{Outcome: Decline, Score: 1, Reasons: []string{ReasonVelocityExceeded}}
	}

	score := 0.0
	reasons := []string{}
	for _, rule := range s.rules {
		if weight := rule.Evaluate(p); weight > 0 {
			score += weight
			reasons = append(reasons, rule.Name())
		}
	}
	if score > 1 {
		score = 1
	}

	outcome := Approve
	switch {
	case score >= s.cfg.DeclineThreshold:
		outcome = Decline
	case score >= s.cfg.ReviewThreshold:
		outcome = Review
	}
	return Decision{Outcome: outcome, Score: score, Reasons: reasons}
}
