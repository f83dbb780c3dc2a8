using System.Runtime.ExceptionServices;

namespace TraceImport.Import;

/// <summary>
/// Runs a step that needs nothing but its item (a packet's decode) on a second thread while the caller's thread
/// goes on (reading the input), and hands the results back to the caller's thread in the order the items came,
/// for what must see them one at a time and in order (the diagnosis rules). Items go over in batches, so that the
/// threads meet once a batch, not once an item; at most a few batches wait on either side, so memory stays flat
/// however long the input. On a machine with one processor the step runs on the caller's thread, at once. A
/// failure of the step is thrown on the caller's thread, by a later <see cref="Add"/> or by <see cref="Complete"/>,
/// as it was thrown.
/// </summary>
public sealed class OrderedWorker<TIn, TOut> : IDisposable
{
    private const int BatchSize = 16;
    private const int BatchesWaiting = 2;

    private readonly Func<TIn, TOut> step;
    private readonly Action<TOut> then;
    private readonly Handoff<List<TIn>>? waiting;
    private readonly Handoff<List<TOut>>? done;
    private readonly Thread? worker;
    private List<TIn> batch = new(BatchSize);
    private volatile ExceptionDispatchInfo? failure;

    public OrderedWorker(Func<TIn, TOut> step, Action<TOut> then, string name = "worker")
    {
        this.step = step;
        this.then = then;
        if (Environment.ProcessorCount < 2) return;
        waiting = new Handoff<List<TIn>>(BatchesWaiting);
        done = new Handoff<List<TOut>>(BatchesWaiting);
        worker = new Thread(Work) { IsBackground = true, Name = name };
        worker.Start();
    }

    public void Add(TIn item)
    {
        if (waiting is null)
        {
            then(step(item));
            return;
        }
        batch.Add(item);
        if (batch.Count < BatchSize) return;
        Send();
        // Results ready by now are handed over; while the step is behind, Send took some already.
        while (done!.TryTake(out var results)) Hand(results);
        failure?.Throw();
    }

    /// <summary>Waits for the step to finish every item added, and hands the caller the results left.</summary>
    public void Complete()
    {
        if (waiting is null) return;
        if (batch.Count > 0) Send();
        waiting.CompleteAdding();
        while (TakeOne())
        {
        }
        worker!.Join();
        failure?.Throw();
    }

    private void Send()
    {
        // While the worker is behind, the caller's thread takes results rather than waiting idle.
        while (!waiting!.TryAdd(batch)) TakeOne();
        batch = new List<TIn>(BatchSize);
    }

    /// <summary>Waits for a batch of results and hands it over; false when the worker has finished (or failed) and none is left.</summary>
    private bool TakeOne()
    {
        if (!done!.TryTakeWaiting(out var results))
        {
            failure?.Throw();
            return false;
        }
        Hand(results);
        return true;
    }

    private void Hand(List<TOut> results)
    {
        foreach (var result in results) then(result);
    }

    private void Work()
    {
        while (waiting!.TryTakeWaiting(out var items))
        {
            if (failure is not null) continue; // read past: the caller hears of the failure at its next call
            try
            {
                var results = new List<TOut>(items.Count);
                foreach (var item in items) results.Add(step(item));
                done!.Add(results);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
                done!.CompleteAdding(); // no result follows: a caller waiting for one is let go
            }
        }
        done!.CompleteAdding();
    }

    public void Dispose()
    {
        if (waiting is null) return;
        // Left early (the caller failed): let the worker drain what it holds and end.
        waiting.CompleteAdding();
        while (done!.TryTakeWaiting(out _))
        {
        }
        worker!.Join();
    }

    /// <summary>
    /// A bounded queue between the two threads. A thread that must wait sleeps at once rather than spinning
    /// (as <see cref="System.Collections.Concurrent.BlockingCollection{T}"/> does first): on two cores the
    /// spinning thread took time from the one it waited for, and from the JIT compiling the hot loops.
    /// </summary>
    private sealed class Handoff<T>(int capacity)
    {
        private readonly Queue<T> items = new(capacity);
        private bool completed;

        /// <summary>Adds without waiting; false when the queue is full.</summary>
        public bool TryAdd(T item)
        {
            lock (items)
            {
                if (items.Count >= capacity) return false;
                items.Enqueue(item);
                Monitor.PulseAll(items);
                return true;
            }
        }

        /// <summary>Adds, waiting while the queue is full.</summary>
        public void Add(T item)
        {
            lock (items)
            {
                while (items.Count >= capacity) Monitor.Wait(items);
                items.Enqueue(item);
                Monitor.PulseAll(items);
            }
        }

        /// <summary>Takes without waiting; false when the queue is empty.</summary>
        public bool TryTake(out T item)
        {
            lock (items)
            {
                if (!items.TryDequeue(out item!)) return false;
                Monitor.PulseAll(items);
                return true;
            }
        }

        /// <summary>Takes, waiting while the queue is empty; false once it is empty and no more will be added.</summary>
        public bool TryTakeWaiting(out T item)
        {
            lock (items)
            {
                while (!items.TryDequeue(out item!))
                {
                    if (completed) return false;
                    Monitor.Wait(items);
                }
                Monitor.PulseAll(items);
                return true;
            }
        }

        /// <summary>No more will be added (again: a no-op); a thread waiting to take is let go once the queue is empty.</summary>
        public void CompleteAdding()
        {
            lock (items)
            {
                completed = true;
                Monitor.PulseAll(items);
            }
        }
    }
}
