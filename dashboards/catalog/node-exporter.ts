/**
 * What node_exporter reads from a Linux host with its default collectors
 * (1.5 in Debian, 1.8 in the stack). Per-device series need the device to exist.
 */
import { GO_RUNTIME_METRICS } from './go-runtime';
import type { MetricCatalog } from './metric-catalog';

export const NODE_EXPORTER_CATALOG: MetricCatalog = {
  source: 'node_exporter',
  metrics: [
    // The host and the exporter itself.
    { name: 'node_exporter_build_info', type: 'gauge' },
    { name: 'node_uname_info', type: 'gauge' },
    { name: 'node_os_info', type: 'gauge' },
    { name: 'node_boot_time_seconds', type: 'gauge' },
    { name: 'node_time_seconds', type: 'gauge' },
    { name: 'node_scrape_collector_success', type: 'gauge' },
    { name: 'node_scrape_collector_duration_seconds', type: 'gauge' },
    // CPU and scheduling.
    { name: 'node_cpu_seconds_total', type: 'counter' },
    { name: 'node_load1', type: 'gauge' },
    { name: 'node_load5', type: 'gauge' },
    { name: 'node_load15', type: 'gauge' },
    { name: 'node_context_switches_total', type: 'counter' },
    { name: 'node_forks_total', type: 'counter' },
    { name: 'node_intr_total', type: 'counter' },
    { name: 'node_procs_running', type: 'gauge' },
    { name: 'node_procs_blocked', type: 'gauge' },
    // Memory (fields of /proc/meminfo every current kernel has, and vmstat).
    { name: 'node_memory_MemTotal_bytes', type: 'gauge' },
    { name: 'node_memory_MemFree_bytes', type: 'gauge' },
    { name: 'node_memory_MemAvailable_bytes', type: 'gauge' },
    { name: 'node_memory_Buffers_bytes', type: 'gauge' },
    { name: 'node_memory_Cached_bytes', type: 'gauge' },
    { name: 'node_memory_SwapTotal_bytes', type: 'gauge' },
    { name: 'node_memory_SwapFree_bytes', type: 'gauge' },
    { name: 'node_memory_Active_bytes', type: 'gauge' },
    { name: 'node_memory_Inactive_bytes', type: 'gauge' },
    { name: 'node_memory_Dirty_bytes', type: 'gauge' },
    { name: 'node_memory_Shmem_bytes', type: 'gauge' },
    { name: 'node_memory_Slab_bytes', type: 'gauge' },
    { name: 'node_vmstat_pgmajfault', type: 'untyped' },
    { name: 'node_vmstat_oom_kill', type: 'untyped' },
    // Filesystems and file descriptors.
    { name: 'node_filesystem_size_bytes', type: 'gauge' },
    { name: 'node_filesystem_avail_bytes', type: 'gauge' },
    { name: 'node_filesystem_free_bytes', type: 'gauge' },
    { name: 'node_filesystem_files', type: 'gauge' },
    { name: 'node_filesystem_files_free', type: 'gauge' },
    { name: 'node_filesystem_readonly', type: 'gauge' },
    { name: 'node_filesystem_device_error', type: 'gauge' },
    { name: 'node_filefd_allocated', type: 'gauge' },
    { name: 'node_filefd_maximum', type: 'gauge' },
    // Block devices.
    { name: 'node_disk_read_bytes_total', type: 'counter' },
    { name: 'node_disk_written_bytes_total', type: 'counter' },
    { name: 'node_disk_reads_completed_total', type: 'counter' },
    { name: 'node_disk_writes_completed_total', type: 'counter' },
    { name: 'node_disk_read_time_seconds_total', type: 'counter' },
    { name: 'node_disk_write_time_seconds_total', type: 'counter' },
    { name: 'node_disk_io_time_seconds_total', type: 'counter' },
    { name: 'node_disk_io_time_weighted_seconds_total', type: 'counter' },
    { name: 'node_disk_io_now', type: 'gauge' },
    // Network interfaces and sockets.
    { name: 'node_network_receive_bytes_total', type: 'counter' },
    { name: 'node_network_transmit_bytes_total', type: 'counter' },
    { name: 'node_network_receive_packets_total', type: 'counter' },
    { name: 'node_network_transmit_packets_total', type: 'counter' },
    { name: 'node_network_receive_errs_total', type: 'counter' },
    { name: 'node_network_transmit_errs_total', type: 'counter' },
    { name: 'node_network_receive_drop_total', type: 'counter' },
    { name: 'node_network_transmit_drop_total', type: 'counter' },
    { name: 'node_network_up', type: 'gauge' },
    { name: 'node_network_info', type: 'gauge' },
    { name: 'node_network_mtu_bytes', type: 'gauge' },
    { name: 'node_sockstat_sockets_used', type: 'gauge' },
    { name: 'node_sockstat_TCP_inuse', type: 'gauge' },
    { name: 'node_netstat_Tcp_CurrEstab', type: 'untyped' },
    ...GO_RUNTIME_METRICS,
  ],
};
