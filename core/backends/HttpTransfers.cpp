#include "backends/HttpTransfers.h"

#include "util/Error.h"

#include <mutex>

#include <curl/curl.h>

namespace prefstudio::core::backends {

struct HttpTransfers::Transfer
{
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpPost post;
    std::string body;
    bool tooLarge = false;
    char errorText[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }
};

namespace {

CURLM* multiOf(void* handle)
{
    return static_cast<CURLM*>(handle);
}

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* transfer = static_cast<HttpTransfers::Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer->body.size() + bytes > HttpTransfers::kMaxBodyBytes) {
        transfer->tooLarge = true;
        return 0; // makes libcurl fail the transfer with CURLE_WRITE_ERROR
    }
    transfer->body.append(data, bytes);
    return bytes;
}

HttpReply::Failure classify(CURLcode code)
{
    switch (code) {
    case CURLE_OK:
        return HttpReply::Failure::None;
    case CURLE_OPERATION_TIMEDOUT:
        return HttpReply::Failure::Timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return HttpReply::Failure::Connect;
    default:
        return HttpReply::Failure::Other;
    }
}

} // namespace

HttpTransfers::HttpTransfers()
{
    static std::once_flag globalInit;
    std::call_once(globalInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_multi = curl_multi_init();
    if (!m_multi)
        throw Error("HTTP client: libcurl could not create a transfer handle");
}

HttpTransfers::~HttpTransfers()
{
    abortAll();
    curl_multi_cleanup(multiOf(m_multi));
}

std::uint64_t HttpTransfers::start(HttpPost post)
{
    auto transfer = std::make_unique<Transfer>();
    transfer->post = std::move(post);
    transfer->easy = curl_easy_init();
    if (!transfer->easy)
        throw Error("HTTP client: libcurl could not create a request handle");
    for (const auto& header : transfer->post.headers)
        transfer->headers = curl_slist_append(transfer->headers, header.c_str());
    // Without an empty Expect, libcurl waits up to a second for "100 Continue" before sending a
    // large body (an image), which many small servers never send.
    transfer->headers = curl_slist_append(transfer->headers, "Expect:");

    CURL* easy = transfer->easy;
    const auto timeoutMs =
        static_cast<long>(std::max<std::int64_t>(1, transfer->post.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_URL, transfer->post.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->post.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(transfer->post.body.size()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->errorText);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeoutMs);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    // Redirects are not followed: the Authorization header must not travel to another host.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "PrefStudio");

    const std::uint64_t id = m_nextId++;
    curl_easy_setopt(easy, CURLOPT_PRIVATE,
                     reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)));
    if (curl_multi_add_handle(multiOf(m_multi), easy) != CURLM_OK)
        throw Error("HTTP client: libcurl refused to start a request to " + transfer->post.url);
    m_transfers.emplace(id, std::move(transfer));
    return id;
}

std::vector<std::pair<std::uint64_t, HttpReply>> HttpTransfers::poll(std::chrono::milliseconds wait)
{
    CURLM* multi = multiOf(m_multi);
    int stillRunning = 0;
    curl_multi_perform(multi, &stillRunning);
    if (static_cast<std::size_t>(stillRunning) == m_transfers.size() && wait.count() > 0) {
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
        curl_multi_perform(multi, &stillRunning);
    }

    std::vector<std::pair<std::uint64_t, HttpReply>> finished;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        void* privateData = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &privateData);
        const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(privateData));
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end())
            continue;
        Transfer& transfer = *it->second;
        const CURLcode code = message->data.result;

        HttpReply reply;
        reply.failure = classify(code);
        if (reply.failure == HttpReply::Failure::None) {
            curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &reply.status);
            curl_off_t retryAfter = 0;
            if (curl_easy_getinfo(transfer.easy, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK &&
                retryAfter > 0)
                reply.retryAfterSeconds = static_cast<std::int64_t>(retryAfter);
            reply.body = std::move(transfer.body);
        } else if (transfer.tooLarge) {
            reply.failure = HttpReply::Failure::Other;
            reply.failureText =
                "the answer is larger than " + std::to_string(kMaxBodyBytes >> 20) + " MB";
        } else {
            reply.failureText =
                transfer.errorText[0] ? transfer.errorText : curl_easy_strerror(code);
        }
        curl_multi_remove_handle(multi, transfer.easy);
        m_transfers.erase(it);
        finished.emplace_back(id, std::move(reply));
    }
    return finished;
}

void HttpTransfers::abortAll()
{
    for (auto& [id, transfer] : m_transfers)
        curl_multi_remove_handle(multiOf(m_multi), transfer->easy);
    m_transfers.clear();
}

} // namespace prefstudio::core::backends
