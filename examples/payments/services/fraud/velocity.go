package fraud

import (
	"sync"
	"time"
)

// VelocityLimiter counts payment attempts per card fingerprint in a sliding
// window. It never sees raw card numbers.
type VelocityLimiter struct {
	mu       sync.Mutex
	max      int
	window   time.Duration
	attempts map[string][]time.Time
}

// NewVelocityLimiter allows at most max attempts per card within window.
func NewVelocityLimiter(max int, window time.Duration) *VelocityLimiter {
	return &VelocityLimiter{max: max, window: window, attempts: make(map[string][]time.Time)}
}

// Allow records an attempt for card at time at and reports whether the card
// is still within its limit, counting this attempt. Declined attempts count
// too: card-testing bots retry declined cards.
//
// Implements: REQ-PAY-6
func (v *VelocityLimiter) Allow(card string, at time.Time) bool {
	v.mu.Lock()
	defer v.mu.Unlock()

	cutoff := at.Add(-v.window)
	previous := v.attempts[card]
	recent := previous[:0]
	for _, t := range previous {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	recent = append(recent, at)
	v.attempts[card] = recent
	return len(recent) <= v.max
}
