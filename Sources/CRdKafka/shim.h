#ifndef BRUSHFIRE_CRDKAFKA_SHIM_H
#define BRUSHFIRE_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Enqueues one message (payload and key copied) through the variadic `rd_kafka_producev`, which Swift cannot
/// call. On success librdkafka owns `headers` (may be NULL); on failure the caller still owns them.
static inline rd_kafka_resp_err_t brushfire_rd_kafka_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
                                                             const void *key, size_t key_len, const void *value,
                                                             size_t value_len, rd_kafka_headers_t *headers,
                                                             int64_t timestamp, void *opaque) {
    if (headers != NULL) {
        return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_len),
                                 RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_TIMESTAMP(timestamp),
                                 RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    }
    return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_TIMESTAMP(timestamp),
                             RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

/// Delays the next `count` requests of Kafka API `api_key` to mock broker `broker` by `rtt_ms` each, through the
/// variadic `rd_kafka_mock_broker_push_request_error_rtts` (one (no error, rtt) pair per call).
static inline rd_kafka_resp_err_t brushfire_rd_kafka_mock_delay_requests(rd_kafka_mock_cluster_t *mcluster,
                                                                         int32_t broker, int16_t api_key,
                                                                         size_t count, int rtt_ms) {
    for (size_t i = 0; i < count; i++) {
        rd_kafka_resp_err_t err = rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker, api_key, 1,
                                                                               RD_KAFKA_RESP_ERR_NO_ERROR, rtt_ms);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return err;
    }
    return RD_KAFKA_RESP_ERR_NO_ERROR;
}

#endif
