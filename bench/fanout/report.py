"""The tables and the SUMMARY line of the fan-out benchmark."""

import statistics

GOAL_P99_MS = 150
GOAL_RATIO = 0.5
GOAL_RSS_GROWTH = 0.05


def fmt(value: float, digits: int = 0) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def print_tables(fanout: dict, cycles: dict, members: list[int]) -> None:
    print()
    print("Fan-out (steady: send -> last recipient; burst: saturation)")
    header = (f"{'server':<18} {'N':>5} {'conn':>5} {'msgs':>5} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'frames/s':>9} {'lost':>5} {'dup':>4} | {'b.msgs':>6} "
              f"{'b.frames/s':>10} {'b.p99 ms':>9} {'b.lost':>6} | {'ratio':>5} {'b.ratio':>7}")
    print(header)
    print("-" * len(header))
    for server, runs in fanout.items():
        for count in members:
            run = runs.get(count)
            if run is None:
                continue
            bare = fanout.get("bare", {}).get(count)
            steady_run, burst_run = run["steady"], run["burst"]
            ratio = steady_run["fps"] / bare["steady"]["fps"] if bare else float("nan")
            b_ratio = burst_run["fps"] / bare["burst"]["fps"] if bare else float("nan")
            print(f"{server:<18} {count:>5} {run['connected']:>5} {steady_run['stored']:>5} "
                  f"{fmt(steady_run['p50'], 1):>8} {fmt(steady_run['p99'], 1):>8} "
                  f"{fmt(steady_run['max'], 1):>8} {fmt(steady_run['fps']):>9} "
                  f"{steady_run['lost']:>5} {steady_run['duplicates']:>4} | "
                  f"{burst_run['stored']:>6} {fmt(burst_run['fps']):>10} "
                  f"{fmt(burst_run['p99'], 1):>9} {burst_run['lost']:>6} | "
                  f"{fmt(ratio, 2):>5} {fmt(b_ratio, 2):>7}")
            extras = {key: dict(run[key]) for key in ("failed", "errors", "other", "dropped")
                      if run[key]}
            for name in ("steady", "burst"):
                if run[name]["unstored"]:
                    extras[f"{name} unstored"] = (
                        f"{run[name]['unstored']} of {run[name]['sent']} "
                        f"(refused {dict(run[name]['refused'])}, no ack {run[name]['unacked']})")
            stopped = (f"STOPPED after {steady_run['seconds']:.1f} s: saturated"
                       if steady_run.get("saturated") else f"{steady_run['seconds']:.1f} s")
            print(f"{'':<18} connect {run['connect_s']:.1f} s, subscribe "
                  f"{run['subscribe_s']:.1f} s, steady sending {stopped}"
                  f"{'; ' + str(extras) if extras else ''}")
    if not cycles:
        return
    print()
    print("Connect/disconnect cycles (after one warm-up cycle)")
    header = (f"{'layer':<18} {'cycles':>6} {'size':>5} {'failed':>6} {'connect s':>9} "
              f"{'RSS before':>10} {'RSS after':>10} {'growth':>7} {'groups left':>11} "
              f"{'slots left':>10}")
    print(header)
    print("-" * len(header))
    for layer, result in cycles.items():
        growth = (result["rss_after"] - result["rss_before"]) / result["rss_before"]
        connect = statistics.mean(cycle["connect_s"] for cycle in result["cycles"])
        left = result["leftovers"]
        print(f"{layer:<18} {len(result['cycles']):>6} {result['size']:>5} "
              f"{sum(result['failures'].values()):>6} {connect:>9.1f} "
              f"{result['rss_before'] / 1024:>8.1f}MB {result['rss_after'] / 1024:>8.1f}MB "
              f"{growth:>+7.1%} {left['group_members']:>11} {left['socket_slots']:>10}")
        series = ", ".join(f"{value / 1024:.0f}" for value in result["rss_series"])
        print(f"{'':<18} RSS after each cycle (MB): {series}; Redis connections of the "
              f"server {result.get('redis_clients')}; leftovers {left}"
              f"{'; failures ' + str(dict(result['failures'])) if result['failures'] else ''}")


def summary(fanout: dict, cycles: dict, layers: list[str], members: list[int]) -> str:
    count = max(members)
    parts = [f"SUMMARY N={count}"]
    verdicts = {}
    for layer in layers:
        run, bare = fanout.get(layer, {}).get(count), fanout.get("bare", {}).get(count)
        if run is None:
            continue
        steady_run = run["steady"]
        ratio = steady_run["fps"] / bare["steady"]["fps"] if bare else float("nan")
        b_ratio = run["burst"]["fps"] / bare["burst"]["fps"] if bare else float("nan")
        goals = {
            "p99<150ms": steady_run["p99"] < GOAL_P99_MS,
            "lost=0": all(run[name]["lost"] == 0 and run[name]["unstored"] == 0
                          for name in ("steady", "burst")),
            "ratio>=0.5": ratio >= GOAL_RATIO,
        }
        text = (f"{layer}: p99={steady_run['p99']:.0f}ms lost={steady_run['lost']}"
                f"+{run['burst']['lost']} unstored={steady_run['unstored']}"
                f"+{run['burst']['unstored']} dup={steady_run['duplicates']}"
                f"+{run['burst']['duplicates']} fps={steady_run['fps']:.0f} ratio={ratio:.2f} "
                f"burst_fps={run['burst']['fps']:.0f} burst_ratio={b_ratio:.2f}"
                f"{' saturated' if steady_run.get('saturated') else ''}")
        if layer in cycles:
            result = cycles[layer]
            growth = (result["rss_after"] - result["rss_before"]) / result["rss_before"]
            goals["rss<5%"] = growth < GOAL_RSS_GROWTH
            goals["handshakes"] = not result["failures"]
            goals["groups=0"] = result["leftovers"]["group_members"] == 0
            text += (f" failed_handshakes={sum(result['failures'].values())} "
                     f"rss={growth:+.1%} groups_left={result['leftovers']['group_members']}")
        text += " " + " ".join(f"{goal}:{'PASS' if ok else 'FAIL'}" for goal, ok in goals.items())
        p99 = steady_run["p99"] if steady_run["p99"] == steady_run["p99"] else float("inf")
        verdicts[layer] = (sum(goals.values()), -p99)
        parts.append(text)
    if verdicts:
        parts.append(f"better={max(verdicts, key=verdicts.get)}")
    return " | ".join(parts)
