// The benchmark's workloads and sizes: the full run (sized for a 2-core machine, about 10 minutes)
// and the smoke run (seconds; every phase exercised on a tiny workload, used by ctest).
export function benchConfig({ smoke }) {
  if (smoke) {
    return {
      servers: 1,
      fanout: {
        name: "rooms of 10",
        clients: 20,
        rooms: 2,
        publishers: 2,
        liveClients: 4,
        payload: 64,
        rates: [20, 50],
        stepSeconds: 1,
        drainSeconds: 5,
        keepGoing: true, // smoke checks delivery, never speed
      },
      broadcast: {
        name: "rooms of 2",
        clients: 20,
        rooms: 10,
        publishers: 10,
        liveClients: 4,
        payload: 64,
        rates: [50, 100],
        stepSeconds: 1,
        drainSeconds: 5,
        keepGoing: true,
      },
      links: [{
        label: "links-fanout", name: "rooms of 4 through the balancer", servers: 2, clients: 20, rooms: 5,
        publishers: 5, liveClients: 4, payload: 64, rates: [20, 50], stepSeconds: 1, drainSeconds: 5,
        order: [false, true], headlineFrom: 0,
      }],
      redisBenchmark: { requests: 2000, pipelinedRequests: 20000 },
      redisFanout: [
        { subscribers: 1, pipeline: 1, seconds: 0.3 },
        { subscribers: 10, pipeline: 16, seconds: 0.3 },
      ],
      connections: 50,
      burst: { seconds: 1, payload: 16384, window: 4 },
      floor: { sockets: 10, rooms: 2, frameBytes: 150, rates: [20, 50], stepSeconds: 1 },
      callgrind: [{
        label: "rooms-of-10", name: "rooms of 10, 1 server (smoke)", kind: "serve", servers: 1,
        clients: 20, rooms: 2, publishers: 2, liveClients: 4, payload: 64, rate: 10, stepSeconds: 1,
      }],
    };
  }
  return {
    servers: 2,
    // The main comparison: 400 clients, 4 rooms of 100 spanning both servers, each say = 100
    // deliveries (50 local, 50 through Redis on the other server).
    fanout: {
      name: "rooms of 100",
      clients: 400,
      rooms: 4,
      publishers: 4,
      liveClients: 8,
      payload: 64,
      rates: [100, 200, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000, 24000],
      stepSeconds: 3,
      drainSeconds: 3,
      keepGoing: false,
    },
    // Cross-server broadcasts: 200 rooms of 2 (one member on each server), so each say is one
    // PUBLISH and two deliveries: what the adapter path costs per broadcast.
    broadcast: {
      name: "rooms of 2",
      clients: 400,
      rooms: 200,
      publishers: 200,
      liveClients: 40,
      payload: 64,
      rates: [1000, 2000, 4000, 8000, 12000, 16000, 20000, 24000, 32000, 40000, 48000, 64000],
      stepSeconds: 3,
      drainSeconds: 3,
      keepGoing: false,
    },
    // Links with no fault against none: one cluster process, every client through its balancer
    // (round robin). Room counts are odd so that, with clients reaching the two servers in turn,
    // every room spans both: rooms of 80 (a say is 80 deliveries, half through Redis) and rooms
    // of 2 (a say is one cross-server broadcast: the relays' worst case).
    links: [
      {
        label: "links-fanout", name: "rooms of 80 through the balancer", servers: 2, clients: 400, rooms: 5,
        publishers: 5, liveClients: 10, payload: 64, rates: [250, 500, 750], stepSeconds: 3, drainSeconds: 3,
        order: [false, true, true, false, false, true], headlineFrom: 250,
      },
      {
        label: "links-broadcast", name: "rooms of 2 through the balancer", servers: 2, clients: 402, rooms: 201,
        publishers: 201, liveClients: 40, payload: 64, rates: [1000, 2000, 3000], stepSeconds: 3, drainSeconds: 3,
        order: [false, true, true, false], headlineFrom: 1000,
      },
    ],
    redisBenchmark: { requests: 200000, pipelinedRequests: 2000000 },
    redisFanout: [
      { subscribers: 2, pipeline: 1, seconds: 3 },
      { subscribers: 2, pipeline: 64, seconds: 3 },
      { subscribers: 100, pipeline: 64, seconds: 3 },
    ],
    connections: 10000,
    // One server, a publisher saying 64 KB messages as fast as it is acknowledged, one member
    // stuck, one reading (docs/flow-control.md).
    burst: { seconds: 15, payload: 65536, window: 16 },
    // The floor under a delivery (scaleout-write-floor): one of our servers' share of the fan-out
    // (200 of the 400 sockets; a say = one write to each of the room's 50 members there), a
    // write() per delivery of a frame the size of our `said` (64-byte pad), at the rates the
    // targets name, pinned like the servers.
    floor: { sockets: 200, rooms: 4, frameBytes: 150, rates: [100, 500, 1000], stepSeconds: 3 },
    // scripts/bench --callgrind: fixed workloads whose instructions per delivery callgrind counts
    // (lib/callgrind.mjs). Rates are far below what a server does under valgrind (~50x slower),
    // so that each say is its own turn of the event loop and the count depends on the code, not
    // on the timing.
    callgrind: [
      {
        label: "rooms-of-100", name: "rooms of 100, 2 servers (`scaleout serve`)", kind: "serve",
        servers: 2, clients: 400, rooms: 4, publishers: 4, liveClients: 8, payload: 64,
        rate: 20, stepSeconds: 5,
      },
      {
        label: "rooms-of-2", name: "rooms of 2, one member per server, 2 servers (`scaleout serve`)",
        kind: "serve", servers: 2, clients: 400, rooms: 200, publishers: 200, liveClients: 40,
        payload: 64, rate: 200, stepSeconds: 5,
      },
      {
        label: "links-rooms-of-2", name: "rooms of 2 through the balancer, `scaleout cluster` with links",
        kind: "cluster", links: true, servers: 2, clients: 402, rooms: 201, publishers: 201,
        liveClients: 40, payload: 64, rate: 200, stepSeconds: 5,
      },
      {
        label: "no-links-rooms-of-2", name: "the same, `scaleout cluster --no-links`",
        kind: "cluster", links: false, servers: 2, clients: 402, rooms: 201, publishers: 201,
        liveClients: 40, payload: 64, rate: 200, stepSeconds: 5,
      },
    ],
  };
}
