package org.maproom.notify.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.typesafe.config.Config;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the SMS program may spend, cluster-wide (counted in the database, checked by the one dispatcher): at most
 * {@code dailyConfirmationCap} confirmation texts a day (0: no cap), so a bot signing up numbers costs at most that;
 * and at most {@code monthlyBudget} a month in {@code currency} (0: none), each accepted text costing its segments
 * times its country's price per segment. Over the cap, confirmations wait for the next day; over the budget, every
 * text waits for the next month or a larger budget. Either way nothing is dropped, and the program shows why.
 */
public record SpendLimits(int dailyConfirmationCap, double monthlyBudget, String currency, double defaultPrice,
    Map<String, Double> pricePerSegment) {

  public static SpendLimits fromConfig(Config sms) {
    Config prices = sms.getConfig("price-per-segment");
    return new SpendLimits(sms.getInt("daily-confirmation-cap"), sms.getDouble("monthly-budget"), sms.getString("currency"),
        prices.getDouble("default"), prices.root().keySet().stream().filter(k -> !k.equals("default"))
            .collect(Collectors.toUnmodifiableMap(k -> k.toUpperCase(Locale.ROOT), prices::getDouble)));
  }

  /** Spent so far: confirmations today and the cost of this month's accepted texts. */
  public record Spent(int confirmationsToday, double costThisMonth) {}

  /** Confirmation texts that may still be claimed today; {@link Integer#MAX_VALUE} without a cap. */
  public int confirmationsLeft(Spent spent) {
    return dailyConfirmationCap == 0 ? Integer.MAX_VALUE : Math.max(0, dailyConfirmationCap - spent.confirmationsToday());
  }

  public boolean budgetReached(Spent spent) {
    return monthlyBudget > 0 && spent.costThisMonth() >= monthlyBudget;
  }

  /** What a text of {@code segments} to {@code e164} costs: its country's price per segment, or the default. */
  public double cost(String e164, int segments) {
    String region;
    try {
      var util = PhoneNumberUtil.getInstance();
      region = util.getRegionCodeForNumber(util.parse(e164, "ZZ"));
    } catch (NumberParseException e) {
      region = null;
    }
    return segments * (region == null ? defaultPrice : pricePerSegment.getOrDefault(region, defaultPrice));
  }
}
