using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Core;

public class OrderedWorkerTests
{
    [Fact]
    public void Results_come_back_on_the_callers_thread_in_the_order_the_items_went()
    {
        var caller = Environment.CurrentManagedThreadId;
        var results = new List<int>();
        var stepThreads = new HashSet<int>();
        using (var worker = new OrderedWorker<int, int>(i =>
               {
                   lock (stepThreads) stepThreads.Add(Environment.CurrentManagedThreadId);
                   if (i % 97 == 0) Thread.Sleep(1); // a slow item must not let the ones after it overtake it
                   return i * 3;
               }, r =>
               {
                   Environment.CurrentManagedThreadId.ShouldBe(caller);
                   results.Add(r);
               }))
        {
            for (var i = 0; i < 5_000; i++) worker.Add(i);
            worker.Complete();
        }
        results.ShouldBe(Enumerable.Range(0, 5_000).Select(i => i * 3));
        if (Environment.ProcessorCount > 1) stepThreads.ShouldNotContain(caller);
    }

    [Fact]
    public void A_failure_of_the_step_is_thrown_on_the_callers_thread_as_it_was_thrown()
    {
        var handed = 0;
        var worker = new OrderedWorker<int, int>(i => i == 1_000 ? throw new InvalidDataException("item 1000") : i, _ => handed++);
        var thrown = Should.Throw<InvalidDataException>(() =>
        {
            for (var i = 0; i < 5_000; i++) worker.Add(i);
            worker.Complete();
        });
        thrown.Message.ShouldBe("item 1000");
        handed.ShouldBeLessThanOrEqualTo(1_000);
        worker.Dispose();
    }

    [Fact]
    public void A_caller_that_stops_early_lets_the_worker_end()
    {
        var stepped = 0;
        var worker = new OrderedWorker<int, int>(i =>
        {
            Interlocked.Increment(ref stepped);
            Thread.Sleep(1);
            return i;
        }, _ => { });
        for (var i = 0; i < 200; i++) worker.Add(i);
        // No Complete: the caller failed. Dispose lets the worker finish what it holds, and end.
        var disposal = new Thread(worker.Dispose) { IsBackground = true };
        disposal.Start();
        disposal.Join(TimeSpan.FromSeconds(60)).ShouldBeTrue("the worker did not end after the caller stopped");
        stepped.ShouldBeLessThanOrEqualTo(200);
    }
}
