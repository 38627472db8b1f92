package org.maproom.gateway;

import com.typesafe.config.Config;
import org.maproom.gateway.api.ApiRoutes;
import org.maproom.gateway.pages.PageRoutes;
import org.maproom.gateway.web.Callers;
import org.maproom.gateway.web.ReaderIds;
import org.maproom.gateway.web.SecurityHeaders;
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
    SecurityHeaders headers = new SecurityHeaders(config.getBoolean("secure-cookies"));
    Api api = new Api(ctx.identities()).wrappedWith(headers::around);
    new PageRoutes(services, new ReaderIds(config.getBoolean("secure-cookies")), config.getString("publication"), ctx.identities()).register(api);
    new ApiRoutes(services, new Callers(services, ctx.identities())).register(api);
    return api;
  }

  private Main() {}
}
