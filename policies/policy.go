package policies

import (
	"fmt"

	"funnellab/scenarios"
)

// Kind is the family of a policy.
type Kind uint8

// Policy kinds.
const (
	Direct Kind = iota // every inquiry straight to sales
)

var kindNames = [...]string{Direct: "direct"}

func (k Kind) String() string { return kindNames[k] }

// Discipline is the order in which reps take waiting leads.
type Discipline uint8

// Queue disciplines.
const (
	FIFO Discipline = iota // oldest waiting lead first
	LIFO                   // newest waiting lead first
)

func (d Discipline) String() string {
	if d == LIFO {
		return "lifo"
	}
	return "fifo"
}

// Policy is a compiled hand-off policy.
type Policy struct {
	Name  string
	Kind  Kind
	Queue Discipline
}

// Compile turns a validated scenario policy into a Policy. Scenario
// validation already restricts the enumerations; Compile still rejects
// anything it does not know, so a schema change cannot slip through.
func Compile(p scenarios.Policy) (Policy, error) {
	out := Policy{Name: p.Name}
	switch p.Kind {
	case "direct":
		out.Kind = Direct
	default:
		return Policy{}, fmt.Errorf("policy %q: unknown kind %q (expected direct)", p.Name, p.Kind)
	}
	switch p.Queue {
	case "fifo":
		out.Queue = FIFO
	case "lifo":
		out.Queue = LIFO
	default:
		return Policy{}, fmt.Errorf("policy %q: unknown queue %q (expected fifo or lifo)", p.Name, p.Queue)
	}
	return out, nil
}
