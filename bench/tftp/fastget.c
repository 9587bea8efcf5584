/*
 * fastget: a TFTP read client that costs as little CPU as possible, so that a benchmark measures the
 * server rather than the client.
 *
 *   fastget [-b blksize] [-w windowsize] [-t timeout_ms] [-r retries] [-T] [-p] host port remote_file local_file
 *
 * Reads remote_file in octet mode (RFC 1350) into local_file ("-" for standard output). -b, -w and -T
 * ask for the blksize (RFC 2348), windowsize (RFC 7440) and tsize (RFC 2349, sent as 0) options
 * (RFC 2347); with none of them the request carries no options. The server's OACK sets the block and
 * window sizes (an option it leaves out keeps its default: 512 bytes, a window of 1); a server that
 * answers with DATA 1 instead has refused all options and is read with 512-byte blocks, one at a time.
 *
 * The client locks onto the port the server answers from, acknowledges the last block of every window
 * (or OACK with ACK 0), and on a gap acknowledges the last block received in order, once, so that the
 * server resumes from there; duplicates are dropped. When nothing arrives within the timeout (default
 * 1000 ms) it sends the RRQ or its last acknowledgement again, up to -r times in a row (default 5).
 * A block shorter than blksize ends the transfer; block numbers roll over from 65535 to 0. The final
 * ACK is sent once: the file is complete at that point, and the client does not wait for the server.
 *
 * Datagrams are read with recvmmsg, many per call when they are queued, into buffers allocated once,
 * and the file is written in 4 MiB writes; per block the client makes no system call of its own beyond
 * its share of recvmmsg, plus one send per window.
 *
 * With -p the client polls its socket instead of sleeping until a packet arrives, the way UEFI
 * firmware and iPXE poll their network card for packets: its own wake-ups then leave the
 * measurement, and what remains of each window's round trip is the server's answer. It keeps one
 * CPU busy for the whole transfer.
 *
 * On success one line goes to standard error: bytes, seconds, MiB/s, and the client's own CPU time
 * (user + system) with its share of the wall time. On failure (a TFTP ERROR from the server, a timeout,
 * a protocol violation, a file shorter or longer than its tsize, a failed write) it says what happened
 * and exits with 1; with 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum { OP_RRQ = 1, OP_WRQ = 2, OP_DATA = 3, OP_ACK = 4, OP_ERROR = 5, OP_OACK = 6 };
enum { ERR_UNDEFINED = 0, ERR_DISK_FULL = 3, ERR_ILLEGAL = 4, ERR_OPTIONS = 8 };

#define MIN_BLKSIZE 8
#define MAX_BLKSIZE 65464
#define DEFAULT_BLKSIZE 512
#define MAX_WINDOWSIZE 65535
#define BATCH 64
#define WRITE_BUFFER (4u << 20)

static int sock = -1;
static int locked;             /* connected to the server's TID */
static int out_fd = -1;
static const char *out_name;

static void send_error(int code, const char *text);

static void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* Reports an error and exits with 1; once the transfer has a TID, tells the server too when code >= 0. */
static void fail(int code, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (code >= 0 && locked) send_error(code, text);
    fprintf(stderr, "fastget: %s\n", text);
    exit(1);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: fastget [-b blksize] [-w windowsize] [-t timeout_ms] [-r retries] [-T] [-p] "
            "host port remote_file local_file\n"
            "  -b  ask for this block size (%d-%d)\n"
            "  -w  ask for this window size (1-%d)\n"
            "  -t  retransmission timeout in milliseconds (default 1000)\n"
            "  -r  retransmissions in a row before giving up (default 5)\n"
            "  -T  ask for the file size (tsize 0) and check the download against it\n"
            "  -p  poll the socket for packets instead of sleeping until one arrives, as firmware does\n"
            "  local_file - writes to standard output\n",
            MIN_BLKSIZE, MAX_BLKSIZE, MAX_WINDOWSIZE);
    exit(2);
}

static long number(const char *text, long min, long max, const char *what)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < min || value > max) {
        fprintf(stderr, "fastget: %s must be a number from %ld to %ld, not '%s'\n", what, min, max, text);
        exit(2);
    }
    return value;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int polling;
static long timeout_ms = 1000;

/* recvmmsg that waits for at least one datagram, up to the timeout: asleep, or polling with -p. */
static int receive(struct mmsghdr *msgs, unsigned batch)
{
    if (!polling) return recvmmsg(sock, msgs, batch, MSG_WAITFORONE, NULL);
    double deadline = now() + timeout_ms / 1000.0;
    for (;;) {
        int n = recvmmsg(sock, msgs, batch, MSG_DONTWAIT, NULL);
        if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
        if (now() >= deadline) {
            errno = EAGAIN;
            return -1;
        }
    }
}

static void send_packet(const void *packet, size_t length)
{
    if (send(sock, packet, length, 0) < 0 && errno != ENOBUFS && errno != EAGAIN)
        fail(-1, "send: %s", strerror(errno));
}

static void send_ack(uint64_t block)
{
    unsigned char ack[4] = { 0, OP_ACK, (unsigned char) (block >> 8), (unsigned char) block };
    send_packet(ack, sizeof ack);
}

static void send_error(int code, const char *text)
{
    unsigned char packet[4 + 256];
    size_t length = strnlen(text, 254);
    packet[0] = 0;
    packet[1] = OP_ERROR;
    packet[2] = (unsigned char) (code >> 8);
    packet[3] = (unsigned char) code;
    memcpy(packet + 4, text, length);
    packet[4 + length] = 0;
    send(sock, packet, 4 + length + 1, 0); /* best effort: the client is giving up anyway */
}

/* An ERROR packet from the server ends the transfer. */
static void server_error(const unsigned char *packet, size_t length)
{
    unsigned code = length >= 4 ? (unsigned) (packet[2] << 8 | packet[3]) : 0;
    int text_length = length > 4 ? (int) strnlen((const char *) packet + 4, length - 4) : 0;
    fail(-1, "server error %u: %.*s", code, text_length, length > 4 ? (const char *) packet + 4 : "");
}

/* ------------------------------------------------------------------------------------------------ */
/* The output file, written through one large buffer                                                */

static unsigned char *wbuf;
static size_t wlen;

static void flush_output(void)
{
    size_t done = 0;
    while (done < wlen) {
        ssize_t n = write(out_fd, wbuf + done, wlen - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(ERR_DISK_FULL, "writing %s: %s", out_name, strerror(errno));
        }
        done += (size_t) n;
    }
    wlen = 0;
}

static inline void output(const unsigned char *data, size_t length)
{
    if (wlen + length > WRITE_BUFFER) flush_output();
    memcpy(wbuf + wlen, data, length);
    wlen += length;
}

/* ------------------------------------------------------------------------------------------------ */
/* The request and the answer to it                                                                 */

struct request {
    long blksize;       /* asked for, or 0 */
    long windowsize;    /* asked for, or 0 */
    int tsize;          /* asked for */
};

static size_t put_string(unsigned char *to, size_t at, size_t capacity, const char *text)
{
    size_t length = strlen(text) + 1;
    if (at + length > capacity) {
        fprintf(stderr, "fastget: the file name is too long for one request\n");
        exit(2);
    }
    memcpy(to + at, text, length);
    return at + length;
}

static size_t build_rrq(unsigned char *packet, size_t capacity, const char *file, const struct request *rq)
{
    char value[24];
    size_t at = 2;
    packet[0] = 0;
    packet[1] = OP_RRQ;
    at = put_string(packet, at, capacity, file);
    at = put_string(packet, at, capacity, "octet");
    if (rq->blksize) {
        snprintf(value, sizeof value, "%ld", rq->blksize);
        at = put_string(packet, at, capacity, "blksize");
        at = put_string(packet, at, capacity, value);
    }
    if (rq->windowsize) {
        snprintf(value, sizeof value, "%ld", rq->windowsize);
        at = put_string(packet, at, capacity, "windowsize");
        at = put_string(packet, at, capacity, value);
    }
    if (rq->tsize) {
        at = put_string(packet, at, capacity, "tsize");
        at = put_string(packet, at, capacity, "0");
    }
    return at;
}

struct transfer {
    size_t blksize;
    uint64_t windowsize;
    long long tsize;    /* from the OACK, or -1 */
};

static unsigned long long option_value(const char *name, const char *value, unsigned long long min,
                                       unsigned long long max)
{
    char *end;
    errno = 0;
    unsigned long long parsed = strtoull(value, &end, 10);
    if (errno || end == value || *end || *value == '-' || parsed < min || parsed > max)
        fail(ERR_OPTIONS, "OACK: %s %s is not from %llu to %llu", name, value, min, max);
    return parsed;
}

/* Applies an OACK: every option must have been asked for, and no value may exceed the one asked for. */
static void parse_oack(const unsigned char *packet, size_t length, const struct request *rq, struct transfer *t)
{
    const char *p = (const char *) packet + 2, *end = (const char *) packet + length;
    if (!rq->blksize && !rq->windowsize && !rq->tsize) fail(ERR_OPTIONS, "OACK to a request without options");
    while (p < end) {
        const char *name = p, *value;
        size_t n = strnlen(p, (size_t) (end - p));
        if (p + n >= end) fail(ERR_OPTIONS, "OACK: option name without its terminating zero");
        value = p + n + 1;
        if (value >= end) fail(ERR_OPTIONS, "OACK: option %s without a value", name);
        n = strnlen(value, (size_t) (end - value));
        if (value + n >= end) fail(ERR_OPTIONS, "OACK: value of %s without its terminating zero", name);
        p = value + n + 1;
        if (!strcasecmp(name, "blksize") && rq->blksize)
            t->blksize = option_value(name, value, MIN_BLKSIZE, (unsigned long long) rq->blksize);
        else if (!strcasecmp(name, "windowsize") && rq->windowsize)
            t->windowsize = option_value(name, value, 1, (unsigned long long) rq->windowsize);
        else if (!strcasecmp(name, "tsize") && rq->tsize)
            t->tsize = (long long) option_value(name, value, 0, (unsigned long long) INT64_MAX);
        else
            fail(ERR_OPTIONS, "OACK: option %s was not asked for", name);
    }
}

static int same_address(const struct sockaddr_storage *a, const struct sockaddr *b)
{
    if (a->ss_family != b->sa_family) return 0;
    if (b->sa_family == AF_INET)
        return ((const struct sockaddr_in *) a)->sin_addr.s_addr == ((const struct sockaddr_in *) b)->sin_addr.s_addr;
    if (b->sa_family == AF_INET6)
        return !memcmp(&((const struct sockaddr_in6 *) a)->sin6_addr, &((const struct sockaddr_in6 *) b)->sin6_addr,
                       sizeof(struct in6_addr));
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    struct request rq = { 0, 0, 0 };
    long retries = 5;
    int opt;
    while ((opt = getopt(argc, argv, "b:w:t:r:Tph")) != -1) {
        switch (opt) {
        case 'b': rq.blksize = number(optarg, MIN_BLKSIZE, MAX_BLKSIZE, "blksize"); break;
        case 'w': rq.windowsize = number(optarg, 1, MAX_WINDOWSIZE, "windowsize"); break;
        case 't': timeout_ms = number(optarg, 1, 600000, "timeout_ms"); break;
        case 'r': retries = number(optarg, 0, 1000, "retries"); break;
        case 'T': rq.tsize = 1; break;
        case 'p': polling = 1; break;
        default: usage();
        }
    }
    if (argc - optind != 4) usage();
    const char *host = argv[optind], *port = argv[optind + 1], *remote = argv[optind + 2];
    out_name = argv[optind + 3];

    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_protocol = IPPROTO_UDP };
    struct addrinfo *server;
    int gai = getaddrinfo(host, port, &hints, &server);
    if (gai) {
        fprintf(stderr, "fastget: %s port %s: %s\n", host, port, gai_strerror(gai));
        return 2;
    }
    sock = socket(server->ai_family, SOCK_DGRAM, IPPROTO_UDP);
    if (sock < 0) fail(-1, "socket: %s", strerror(errno));
    /* Room for several windows of the largest blocks, so that a burst is not dropped while writing. */
    int rcvbuf = 4 << 20;
    if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
        setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
    if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) fail(-1, "SO_RCVTIMEO: %s", strerror(errno));

    if (strcmp(out_name, "-") == 0) {
        out_fd = STDOUT_FILENO;
        out_name = "standard output";
    } else {
        out_fd = open(out_name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out_fd < 0) fail(-1, "%s: %s", out_name, strerror(errno));
    }
    wbuf = malloc(WRITE_BUFFER);
    /* Until the server has answered, packets may be up to the largest block size asked for. */
    size_t slot = (size_t) (rq.blksize > DEFAULT_BLKSIZE ? rq.blksize : DEFAULT_BLKSIZE) + 4;
    unsigned char *bufs = malloc((size_t) BATCH * slot);
    if (!wbuf || !bufs) fail(-1, "out of memory");

    double start = now();

    /* The request, repeated on timeouts until the server answers from its TID. */
    unsigned char rrq[1024];
    size_t rrq_length = build_rrq(rrq, sizeof rrq, remote, &rq);
    struct transfer t = { DEFAULT_BLKSIZE, 1, -1 };
    uint64_t next = 1;          /* the block expected next, counted without rollover */
    uint64_t acked = 0;         /* the last block acknowledged */
    int gap_acked = 0;          /* a gap has been acknowledged and no block has arrived in order since */
    uint64_t bytes = 0;
    long timeouts = 0;
    int done = 0;
    unsigned char *first = bufs;
    ssize_t first_length;
    for (;;) {
        if (sendto(sock, rrq, rrq_length, 0, server->ai_addr, server->ai_addrlen) < 0)
            fail(-1, "sending the request to %s port %s: %s", host, port, strerror(errno));
        struct sockaddr_storage from;
        socklen_t from_length;
        for (;;) {
            from_length = sizeof from;
            first_length = recvfrom(sock, first, slot, MSG_TRUNC, (struct sockaddr *) &from, &from_length);
            if (first_length >= 0 && !same_address(&from, server->ai_addr)) continue; /* not the server */
            break;
        }
        if (first_length >= 0) {
            if (connect(sock, (struct sockaddr *) &from, from_length) < 0) fail(-1, "connect: %s", strerror(errno));
            locked = 1;
            break;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) fail(-1, "receiving: %s", strerror(errno));
        if (++timeouts > retries)
            fail(-1, "timeout: no answer from %s port %s after %ld requests", host, port, timeouts);
    }
    timeouts = 0;

    if ((size_t) first_length > slot) fail(ERR_ILLEGAL, "answer of %zd bytes, more than asked for", first_length);
    if (first_length < 4) fail(ERR_ILLEGAL, "malformed answer of %zd bytes", first_length);
    unsigned opcode = (unsigned) (first[0] << 8 | first[1]);
    if (opcode == OP_ERROR) server_error(first, (size_t) first_length);
    if (opcode == OP_OACK) {
        parse_oack(first, (size_t) first_length, &rq, &t);
        first_length = 0;
        send_ack(0);
    } else if (opcode == OP_DATA) {
        /* No OACK: the options were refused, and this is block 1 of a plain RFC 1350 transfer. */
        if (first[2] != 0 || first[3] != 1)
            fail(ERR_ILLEGAL, "first DATA is block %u, not 1", (unsigned) (first[2] << 8 | first[3]));
    } else {
        fail(ERR_ILLEGAL, "unexpected opcode %u in answer to the request", opcode);
    }

    /* Buffers for exactly the negotiated block size, so that anything larger shows as truncated. */
    size_t blksize = t.blksize;
    slot = blksize + 4;
    if (first_length > 0) {
        if ((size_t) first_length > slot)
            fail(ERR_ILLEGAL, "DATA 1 of %zd bytes with blksize %zu", first_length - 4, blksize);
        bytes = (size_t) first_length - 4;
        output(first + 4, (size_t) first_length - 4);
        next = 2;
        send_ack(1);
        acked = 1;
        if ((size_t) first_length - 4 < blksize) done = 1;
    }

    struct mmsghdr msgs[BATCH];
    struct iovec iovs[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iovs[i].iov_base = bufs + (size_t) i * slot;
        iovs[i].iov_len = slot;
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    while (!done) {
        int n = receive(msgs, BATCH);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == ECONNREFUSED) fail(-1, "the server's port is closed (ICMP port unreachable)");
            if (errno != EAGAIN && errno != EWOULDBLOCK) fail(-1, "receiving: %s", strerror(errno));
            if (++timeouts > retries)
                fail(ERR_UNDEFINED, "timeout: no DATA block %llu after %ld retransmissions of ACK %llu",
                     (unsigned long long) next, retries, (unsigned long long) (next - 1));
            /* Acknowledge what arrived in order, so that the server sends the rest of the window again. */
            acked = next - 1;
            send_ack(acked);
            continue;
        }
        for (int i = 0; i < n && !done; i++) {
            const unsigned char *p = iovs[i].iov_base;
            size_t length = msgs[i].msg_len;
            if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
                fail(ERR_ILLEGAL, "a packet larger than blksize %zu + 4 bytes", blksize);
            if (length < 4) fail(ERR_ILLEGAL, "malformed packet of %zu bytes", length);
            opcode = (unsigned) (p[0] << 8 | p[1]);
            if (opcode == OP_DATA) {
                uint16_t wire = (uint16_t) (p[2] << 8 | p[3]);
                /* The block nearest to the one expected with these low 16 bits. */
                int64_t block = (int64_t) next + (int16_t) (uint16_t) (wire - (uint16_t) next);
                if (block == (int64_t) next) {
                    size_t payload = length - 4;
                    output(p + 4, payload);
                    bytes += payload;
                    next++;
                    gap_acked = 0;
                    timeouts = 0;
                    if (payload < blksize) {
                        send_ack(block);
                        done = 1;
                    } else if ((uint64_t) block - acked >= t.windowsize) {
                        send_ack(block);
                        acked = (uint64_t) block;
                    }
                } else if (block > (int64_t) next) {
                    /* A gap: the server goes back to the block after the one acknowledged here. */
                    if (!gap_acked) {
                        acked = next - 1;
                        send_ack(acked);
                        gap_acked = 1;
                    }
                } else if ((uint64_t) block == acked && acked > 0) {
                    /* The server sends the last window again: the ACK that ended it was lost. */
                    send_ack(acked);
                }
            } else if (opcode == OP_ERROR) {
                flush_output();
                server_error(p, length);
            } else if (opcode == OP_OACK) {
                if (next == 1) send_ack(0); /* the ACK of the OACK was lost */
            } else {
                fail(ERR_ILLEGAL, "unexpected opcode %u during the transfer", opcode);
            }
        }
    }
    flush_output();
    double wall = now() - start;
    if (out_fd != STDOUT_FILENO && close(out_fd) < 0) fail(-1, "closing %s: %s", out_name, strerror(errno));
    if (t.tsize >= 0 && (uint64_t) t.tsize != bytes)
        fail(-1, "%s file: %llu bytes received, tsize said %lld", bytes < (uint64_t) t.tsize ? "short" : "long",
             (unsigned long long) bytes, t.tsize);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    fprintf(stderr, "fastget: %llu bytes in %.3f s, %.1f MiB/s, blksize %zu windowsize %llu, client CPU %.3f s (%.0f %%)\n",
            (unsigned long long) bytes, wall, wall > 0 ? bytes / 1048576.0 / wall : 0.0, blksize,
            (unsigned long long) t.windowsize, cpu, wall > 0 ? 100.0 * cpu / wall : 0.0);
    freeaddrinfo(server);
    free(bufs);
    free(wbuf);
    return 0;
}
