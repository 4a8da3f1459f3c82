// libcurl's easy interface, for fetching feeds. curl_easy_setopt and curl_easy_getinfo are
// variadic, which Swift cannot call: these wrappers give each argument type its own function.
#include <curl/curl.h>

typedef size_t (*digest_curl_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode digest_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode digest_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode digest_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode digest_curl_set_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode digest_curl_set_callback(CURL *handle, CURLoption option, digest_curl_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode digest_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode digest_curl_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
