package org.maproom.gateway;

import com.typesafe.config.Config;
import org.maproom.gateway.api.ApiRoutes;
import org.maproom.gateway.consoles.ConsolePages;
import org.maproom.gateway.live.LiveCounters;
import org.maproom.gateway.pages.AccountPages;
import org.maproom.gateway.pages.ArticlePages;
import org.maproom.gateway.pages.PageCache;
import org.maproom.gateway.pages.PageRoutes;
import org.maproom.gateway.pages.Pages;
import org.maproom.gateway.web.ClientAddress;
import org.maproom.gateway.web.SecurityHeaders;
import org.maproom.gateway.web.Visitors;
import org.maproom.platform.ServiceContext;
import org.maproom.platform.ServiceRuntime;
import org.maproom.platform.http.Api;

/** The gateway: pages and the public API over the services. Stateless: no database, no cluster. */
public final class Main {
  public static final String NAME = "gateway";

  public static void main(String[] args) {
    ServiceRuntime.main(NAME, Main::init);
  }

  public static Api init(ServiceContext ctx) {
    Config config = ctx.config().getConfig("gateway");
    Services services = Services.fromConfig(ctx.system());
    boolean secure = config.getBoolean("secure-cookies");
    Visitors visitors = new Visitors(services, ctx.identities(), secure, new ClientAddress(config.getInt("trusted-proxy-hops")));
    Pages pages = new Pages(config.getString("publication"), visitors);
    LiveCounters live = new LiveCounters(ctx.system(), services, config.getInt("live-streams-per-address"));
    Api api = new Api(ctx.identities()).wrappedWith(new SecurityHeaders(secure)::around);
    new ApiRoutes(services, visitors, live).register(api);
    new AccountPages(services, pages, visitors).register(api);
    new ConsolePages(pages).register(api);
    PageCache cache = new PageCache(config.getDuration("page-cache-ttl"));
    ArticlePages articles = new ArticlePages(services, pages, ctx.identities(), cache, config.getString("public-base-url"));
    new PageRoutes(services, pages, articles, cache, config.getString("sms-region")).register(api);
    return api;
  }

  private Main() {}
}
