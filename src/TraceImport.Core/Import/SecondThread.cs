using System.Runtime.ExceptionServices;

namespace TraceImport.Import;

/// <summary>
/// Runs a step on every item, in the order the items came, on a second thread while the caller's thread goes on (reading
/// the input): the diagnosis decodes each packet and shows it to the rules there. Items go over in batches, so that the
/// threads meet once a batch, not once an item; at most a few batches wait, so memory stays flat however long the input.
/// On a machine with one processor the step runs on the caller's thread, at once. A failure of the step is thrown on the
/// caller's thread, by a later <see cref="Add"/> or by <see cref="Complete"/>, as it was thrown; no item after it is stepped.
/// </summary>
public sealed class SecondThread<T> : IDisposable
{
    private const int BatchSize = 16;
    private const int BatchesWaiting = 4;

    private readonly Action<T> step;
    private readonly Action? prepare;
    private readonly Handoff? waiting;
    private readonly Thread? worker;
    private List<T> batch = new(BatchSize);
    private volatile ExceptionDispatchInfo? failure;

    /// <param name="prepare">Run first, on the second thread, while the caller's thread starts on its own work (the diagnosis
    /// makes its rules and the decoder its tables while the input's format is found); before the first item on one processor.</param>
    public SecondThread(Action<T> step, Action? prepare = null, string name = "worker")
    {
        this.step = step;
        this.prepare = prepare;
        if (Environment.ProcessorCount < 2)
        {
            prepare?.Invoke();
            return;
        }
        waiting = new Handoff(BatchesWaiting);
        worker = new Thread(Work) { IsBackground = true, Name = name };
        worker.Start();
    }

    public void Add(T item)
    {
        if (waiting is null)
        {
            step(item);
            return;
        }
        failure?.Throw();
        batch.Add(item);
        if (batch.Count < BatchSize) return;
        waiting.Add(batch);
        batch = new List<T>(BatchSize);
    }

    /// <summary>Waits for the step to finish every item added.</summary>
    public void Complete()
    {
        if (waiting is null) return;
        if (batch.Count > 0) waiting.Add(batch);
        batch = [];
        waiting.CompleteAdding();
        worker!.Join();
        failure?.Throw();
    }

    private void Work()
    {
        try
        {
            prepare?.Invoke();
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        while (waiting!.TryTakeWaiting(out var items))
        {
            if (failure is not null) continue; // read past: the caller hears of the failure at its next call
            try
            {
                foreach (var item in items) step(item);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    public void Dispose()
    {
        if (waiting is null) return;
        // Left early (the caller failed): let the worker read past what it holds and end.
        waiting.CompleteAdding();
        worker!.Join();
    }

    /// <summary>
    /// A bounded queue between the two threads. A thread that must wait sleeps at once rather than spinning
    /// (as <see cref="System.Collections.Concurrent.BlockingCollection{T}"/> does first): on two cores the
    /// spinning thread took time from the one it waited for, and from the JIT compiling the hot loops.
    /// </summary>
    private sealed class Handoff(int capacity)
    {
        private readonly Queue<List<T>> items = new(capacity);
        private bool completed;

        /// <summary>Adds, waiting while the queue is full.</summary>
        public void Add(List<T> item)
        {
            lock (items)
            {
                while (items.Count >= capacity) Monitor.Wait(items);
                items.Enqueue(item);
                Monitor.PulseAll(items);
            }
        }

        /// <summary>Takes, waiting while the queue is empty; false once it is empty and no more will be added.</summary>
        public bool TryTakeWaiting(out List<T> item)
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
