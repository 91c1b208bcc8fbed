package dev.hivecast.loadtest;

/** The generator's --help text. */
final class GeneratorHelp {

    static final String TEXT = """
            Usage: java -jar hivecast-load-test.jar --url ws://127.0.0.1:PORT/ [FLAG VALUE]...

            Opens P WebSocket connections to a WebTorrent tracker, one peer_id each, spread over
            S swarms (--popularity), and measures what the tracker gives back. Prints a progress
            line every 5 s, the line WINDOW-START when the measured window begins and WINDOW-END
            when it ends (measure.sh samples the tracker there), a summary table, one RESULT line
            of key=value pairs and one JSON line. Only loopback targets (127.0.0.0/8, ::1) are
            accepted.

            Modes:
              idle   each connection sends one `started` announce without offers, then all are held
                     until SIGTERM/SIGINT or --duration (for memory per connection). The window
                     starts once every open connection has its announce reply.
              relay  each connection announces `started` with --offers offers (numwant = offers),
                     re-announces every --interval s (random phase, no event, fresh offers), and
                     answers every offer it receives. The window starts --warmup s after the ramp
                     and lasts --duration s; then the generator closes everything and exits.

            Flags:
              --url URL[,URL...]       tracker WebSocket URL, ws:// on a loopback address (required);
                                       several (a cluster's nodes): peer i connects to URL i mod n,
                                       or (i / S) mod n in a uniform audience whose S shares a
                                       factor with n, so every swarm spans every node
              --mode idle|relay        default relay
              --peers P                connections, one peer each, at most 19,000 (one process may
                                       hold 20,000 open files here); default 1000
              --swarms S               swarms (streams); 1 = one giant swarm; default 10
              --popularity SHAPE       how viewers spread over the swarms; default uniform
                                         uniform  peer i joins swarm i mod S
                                         zipf     swarm r (0-based) gets a share 1/(r+1)^s
                                         gamma    each swarm's share is a Gamma(k, 1) draw,
                                                  sorted so swarm 0 is the largest
                                       zipf and gamma sizes are exact (largest remainder), the
                                       viewers dealt to them in an order shuffled by --seed
              --zipf-exponent s        zipf's exponent; default 1.0
              --gamma-shape k          gamma's shape; default 0.2 (a few huge swarms, a long tail)
              --seed N                 seeds everything random (swarm sizes and order, offer ids,
                                       SDP texts, timer phases, switches): the same flags give
                                       the same audience against every tracker; default 1
              --renditions N           renditions (quality levels) per swarm, each its own
                                       info_hash, as P2P Media Loader has; a viewer starts on a
                                       seeded random one; default 1
              --switch-interval SEC    relay: every viewer switches rendition every SEC s (random
                                       phase); 0 = never; default 0
              --switch-probability p   relay: each re-announce is a switch instead with
                                       probability p (0..1); default 0
                                       A switch is one step up or down the ladder: `stopped` on
                                       the old info_hash, then `started` with fresh offers on the
                                       new one, on the same connection; offers still arriving
                                       for the old swarm are not answered (its client is gone).
                                       Either switch flag needs --renditions 2 or more.
              --churn-per-second C     relay: once every viewer has connected, C viewers a second
                                       leave (alternately `stopped` then close, and close alone)
                                       and as many new viewers (new peer_ids) join the same
                                       swarms on the same nodes; 0 = none; default 0
              --storm-interval SEC     relay: every SEC s after every viewer has connected, a
                                       reconnect storm: --storm-share of the connections are
                                       reset at once (no closing handshake, as a restarting load
                                       balancer does) and each reconnects with the same peer_id
                                       after 0 to --storm-reconnect-spread s, retrying twice 1 s
                                       apart; 0 = none; default 0
              --storm-share F          share of the connections a storm drops (0.001..1), at least
                                       one; default 0.25
              --storm-reconnect-spread SEC
                                       dropped viewers' reconnect delays are spread uniformly over
                                       0..SEC s (clients' retry jitter); default 5
              --ramp R                 new connections per second; default 500
              --offers K               offers per announce (relay); default 5
              --interval T             seconds between re-announces of one peer (relay), e.g. 0.5;
                                       default 5
              --warmup W               seconds of traffic between the ramp and the window (relay);
                                       default 10, lets both trackers' JITs settle
              --duration D             relay: seconds measured; idle: most seconds to hold after the
                                       window starts; default 60 (relay), 600 (idle)
              --source-addresses N     spread connections over 127.0.0.1 .. 127.0.0.N (with
                                       --networks: over N addresses in each network); 0 = one
                                       address per 2,500 peers; default 0
              --first-source-address A start the source addresses at 127.0.0.A instead of .1, so
                                       several generator processes do not share ephemeral ports;
                                       default 1
              --first-peer I           number this process's peers from I (peer_ids are unique
                                       per number), so several generators can share one tracker
                                       or cluster; default 0
              --networks N             spread the peers over N loopback networks 127.K.0.0/16 (K
                                       from 1 to N, equal sizes; each peer binds 127.K.0.x),
                                       write the matching locality sites file (--sites-file)
                                       and report the share of offers each peer received from
                                       its own network; 0 = all on 127.0.0.x; default 0
              --sites-file PATH        where --networks writes its sites file (one `CIDR NAME`
                                       per line, e.g. `127.3.0.0/16 net-3`); default
                                       networks-N.sites in the working directory
              --event-loops N          generator event loops; default 1
              --offer-sdp-bytes B      size of each offer's SDP text; default 1300
              --answer-sdp-bytes B     size of each answer's SDP text; default 550
              --connect-timeout SEC    WebSocket connect + upgrade timeout; default 10
              --linger S               relay: after the window and its summary, go on signalling
                                       (unmeasured) for up to S s before closing, or until
                                       SIGTERM/SIGINT; for generators running side by side, so
                                       one that finishes first does not close its connections
                                       inside another's window; default 0
              -h, --help               print this help, then exit

            Output: progress every 5 s (totals, relayed/s, msgs/s, announce p50/p99, own CPU); at
            the end a table, a RESULT line of key=value pairs and one JSON line (starts with
            {"tool":"hivecast-load-test") with the options, counts, rates per second and the
            latency percentiles p50/p90/p99/p99.9/max in ms. With --networks, also the share of
            offers from the same network: overall, per network and per peer (p10/p50/p90).

            Exit status: 0 when it ran (whatever the tracker did), 1 when it could not set up
            (no connection opened, a generated frame the codec rejects), 2 on a bad flag.
            """;

    private GeneratorHelp() {
    }
}
