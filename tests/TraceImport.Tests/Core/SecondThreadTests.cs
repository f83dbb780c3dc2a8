using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Core;

public class SecondThreadTests
{
    [Fact]
    public void Every_item_is_stepped_once_in_the_order_it_came_on_another_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var stepped = new List<int>();
        var stepThreads = new HashSet<int>();
        using (var worker = new SecondThread<int>(i =>
               {
                   stepThreads.Add(Environment.CurrentManagedThreadId);
                   if (i % 97 == 0) Thread.Sleep(1); // a slow item must not let the ones after it overtake it
                   stepped.Add(i);
               }))
        {
            for (var i = 0; i < 5_000; i++) worker.Add(i);
            worker.Complete();
        }
        stepped.ShouldBe(Enumerable.Range(0, 5_000));
        if (Environment.ProcessorCount > 1) stepThreads.ShouldNotContain(caller);
    }

    [Fact]
    public void A_failure_of_the_step_is_thrown_on_the_callers_thread_as_it_was_thrown_and_no_later_item_is_stepped()
    {
        var stepped = 0;
        var worker = new SecondThread<int>(i =>
        {
            if (i == 1_000) throw new InvalidDataException("item 1000");
            stepped++;
        });
        var thrown = Should.Throw<InvalidDataException>(() =>
        {
            for (var i = 0; i < 5_000; i++) worker.Add(i);
            worker.Complete();
        });
        thrown.Message.ShouldBe("item 1000");
        worker.Dispose();
        stepped.ShouldBe(1_000);
    }

    [Fact]
    public void A_caller_that_stops_early_lets_the_worker_end()
    {
        var stepped = 0;
        var worker = new SecondThread<int>(_ =>
        {
            Interlocked.Increment(ref stepped);
            Thread.Sleep(1);
        });
        for (var i = 0; i < 200; i++) worker.Add(i);
        // No Complete: the caller failed. Dispose lets the worker finish what it holds, and end.
        var disposal = new Thread(worker.Dispose) { IsBackground = true };
        disposal.Start();
        disposal.Join(TimeSpan.FromSeconds(60)).ShouldBeTrue("the worker did not end after the caller stopped");
        stepped.ShouldBeLessThanOrEqualTo(200);
    }

    [Fact]
    public void The_preparation_runs_on_the_second_thread_before_the_first_item()
    {
        var caller = Environment.CurrentManagedThreadId;
        var order = new List<string>();
        var preparedOn = 0;
        using (var worker = new SecondThread<int>(i => order.Add($"item {i}"), prepare: () =>
               {
                   Thread.Sleep(20); // items added meanwhile wait for it
                   preparedOn = Environment.CurrentManagedThreadId;
                   order.Add("prepared");
               }))
        {
            for (var i = 0; i < 3; i++) worker.Add(i);
            worker.Complete();
        }
        order.ShouldBe(["prepared", "item 0", "item 1", "item 2"]);
        if (Environment.ProcessorCount > 1) preparedOn.ShouldNotBe(caller);
    }

    [Fact]
    public void A_failure_of_the_preparation_is_thrown_on_the_callers_thread_and_no_item_is_stepped()
    {
        var stepped = 0;
        var worker = new SecondThread<int>(_ => stepped++, prepare: () => throw new InvalidOperationException("no tables"));
        var thrown = Should.Throw<InvalidOperationException>(() =>
        {
            for (var i = 0; i < 100; i++) worker.Add(i);
            worker.Complete();
        });
        thrown.Message.ShouldBe("no tables");
        worker.Dispose();
        stepped.ShouldBe(0);
    }
}
