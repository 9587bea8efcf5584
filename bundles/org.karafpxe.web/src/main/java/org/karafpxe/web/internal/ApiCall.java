package org.karafpxe.web.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One API request, as the router sees it: the parameters of its path, its query, its body. */
record ApiCall(String method, String path, Map<String, String> params, Map<String, List<String>> query, String body,
        Caller caller) {

    String param(String name) {
        return params.get(name);
    }

    Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
