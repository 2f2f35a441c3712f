// SPDX-License-Identifier: GPL-3.0-or-later
// ns3-bulk.cc: the peer for bench-ns3: ns-3's BulkSend -> PacketSink over
// one 1 Gbit/s, 1 ms point-to-point link, MSS 1448, no trace. Prints
// "bytes=N seconds=S simulated_seconds=S" (seconds: wall clock of
// Simulator::Run() alone).

#include <chrono>
#include <cinttypes>
#include <cstdio>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

int
main (int argc, char *argv[])
{
  uint64_t maxBytes = 1000000000;
  CommandLine cmd;

  cmd.AddValue ("maxBytes", "bytes to send", maxBytes);
  cmd.Parse (argc, argv);

  Config::SetDefault ("ns3::TcpSocket::SegmentSize", UintegerValue (1448));

  NodeContainer nodes;
  nodes.Create (2);

  PointToPointHelper link;
  link.SetDeviceAttribute ("DataRate", StringValue ("1Gbps"));
  link.SetChannelAttribute ("Delay", StringValue ("1ms"));
  NetDeviceContainer devices = link.Install (nodes);

  InternetStackHelper internet;
  internet.Install (nodes);
  Ipv4AddressHelper addresses;
  addresses.SetBase ("10.0.0.0", "255.255.255.0");
  Ipv4InterfaceContainer interfaces = addresses.Assign (devices);

  uint16_t port = 5000;
  BulkSendHelper source ("ns3::TcpSocketFactory", InetSocketAddress (interfaces.GetAddress (1), port));
  source.SetAttribute ("MaxBytes", UintegerValue (maxBytes));
  ApplicationContainer sourceApps = source.Install (nodes.Get (0));
  sourceApps.Start (Seconds (0.0));

  PacketSinkHelper sink ("ns3::TcpSocketFactory", InetSocketAddress (Ipv4Address::GetAny (), port));
  ApplicationContainer sinkApps = sink.Install (nodes.Get (1));
  sinkApps.Start (Seconds (0.0));

  auto start = std::chrono::steady_clock::now ();
  Simulator::Run ();
  auto end = std::chrono::steady_clock::now ();

  Ptr<PacketSink> received = DynamicCast<PacketSink> (sinkApps.Get (0));
  std::printf ("bytes=%" PRIu64 " seconds=%.3f simulated_seconds=%.3f\n",
               (uint64_t) received->GetTotalRx (),
               std::chrono::duration<double> (end - start).count (),
               Simulator::Now ().GetSeconds ());
  Simulator::Destroy ();
  return 0;
}
