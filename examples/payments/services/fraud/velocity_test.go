package fraud

import (
	"testing"
	"time"
)

// Verifies: REQ-PAY-6
func TestSixthAttemptInWindowIsDeclined(t *testing.T) {
	s := newTestScreener(t)
	for i := 0; i < 5; i++ {
		p := basePayment
		p.At = basePayment.At.Add(time.Duration(i) * time.Minute)
		if d := s.Screen(p); d.Outcome != Approve {
			t.Fatalf("attempt %d: outcome = %s, want approve", i+1, d.Outcome)
		}
	}

	p := basePayment
	p.At = basePayment.At.Add(5 * time.Minute)
	d := s.Screen(p)

	if d.Outcome != Decline || len(d.Reasons) != 1 || d.Reasons[0] != ReasonVelocityExceeded {
		t.Fatalf("sixth attempt = %+v, want decline for %s", d, ReasonVelocityExceeded)
	}
}

// Verifies: REQ-PAY-6
func TestOldAttemptsLeaveTheWindow(t *testing.T) {
	v := NewVelocityLimiter(2, 10*time.Minute)
	t0 := basePayment.At

	for i, step := range []struct {
		offset time.Duration
		want   bool
	}{
		{0, true},
		{1 * time.Minute, true},
		{2 * time.Minute, false},
		{12 * time.Minute, true}, // all earlier attempts are now outside the window
	} {
		if got := v.Allow("fp_1", t0.Add(step.offset)); got != step.want {
			t.Errorf("step %d at +%v: Allow = %v, want %v", i, step.offset, got, step.want)
		}
	}
}

// Verifies: REQ-PAY-6
func TestLimitsArePerCard(t *testing.T) {
	v := NewVelocityLimiter(1, 10*time.Minute)
	t0 := basePayment.At

	if !v.Allow("fp_1", t0) || !v.Allow("fp_2", t0) {
		t.Fatal("first attempt of each card must be allowed")
	}
	if v.Allow("fp_1", t0.Add(time.Second)) {
		t.Fatal("second attempt of fp_1 must be refused")
	}
}
