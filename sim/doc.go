// Package sim is Funnel Lab's discrete-event engine: the event calendar, the
// working-hours calendar and the conventions every model follows.
//
// # Time
//
// Simulated time is a float64 number of hours since the start of the
// scenario; time 0 is a Monday at 00:00. Nothing in the engine reads the
// wall clock.
//
// # Event calendar
//
// [Queue] is a 4-ary min-heap of value-typed entries ordered by the key
// (time, priority, insertion sequence): two events at the same time run in
// priority order, and two with the same time and priority run in the order
// they were scheduled. The order of events, and therefore every result, is a
// function of the schedule calls alone, never of map iteration, goroutine
// timing or memory addresses.
//
// The heap is indexed: [Queue.Schedule] returns a [Handle] with which the
// event can later be cancelled or moved ([Queue.Cancel],
// [Queue.Reschedule]) in O(log n). Handles carry a generation number, so a
// handle to an event that has already fired or been cancelled is detected
// and ignored rather than corrupting an unrelated event that reuses its
// slot. The payload type is a type parameter: models put a small struct of
// plain values (event kind, entity index) in it.
//
// A stream of events of which one at a time is pending and none is ever
// cancelled (a Poisson source scheduling its next event) can wait in a lane
// instead ([Queue.ScheduleLane]): Pop takes the earliest lane's event when
// it comes before the heap's root, with no sift and no slot. Its key shares
// the insertion sequence, so lanes do not change the order of events.
// [Queue.PopUntil] is Peek and Pop in one: the next event if it is due by
// a limit (an end of observation).
//
// Once the heap and its slot table have grown to the model's peak number of
// pending events, scheduling, popping, cancelling and rescheduling allocate
// nothing: there is no goroutine and no heap object per event or per
// process. BenchmarkHold measures this with the classic hold model.
//
// For long horizons, [Queue.SetBucketWidth] parks far-future events in
// time buckets (chunked, recycled) that are sorted into a run when the clock
// reaches them; the order of events does not change. With
// [Queue.SetPrefetch], Pop prefetches the slots of the events a few places
// ahead in that sorted run, and [Queue.Ahead] gives a model their payloads,
// so that it can prefetch what they name ([PrefetchRange]): for calendars
// and records too large for the processor's caches.
//
// # Working hours
//
// [Hours] says when reps work: either always, or between an opening and a
// closing hour on chosen weekdays. It answers "is it open at t", "when does
// it next open" and "how many open hours lie in [a, b)".
package sim
