// Reports mailed to the security.txt contact.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/text.h"
#include "incident/drill.h"
#include "intake/intake.h"

namespace tocsin::intake {
namespace {

MailMessage mail(const std::string& name) {
  return parse_mail(name, read_file(std::string(TOCSIN_FIXTURES) + "/intake/" + name));
}

TEST(Mail, HeadersEncodedWordsQuotedPrintableAndTheDateZone) {
  const MailMessage message = mail("report.eml");
  EXPECT_EQ(message.from, "Carol Reporter <carol@example.org>");
  EXPECT_EQ(message.subject, "Panic wipe can be interrupted \xE2\x80\x94 report");
  EXPECT_EQ(message.message_id, "<20261201105237.1234@example.org>");
  // 10:52:37 +0200 is 08:52:37 UTC.
  EXPECT_EQ(message.date_unix, parse_time("2026-12-01T08:52:37Z", "t"));
  EXPECT_NE(message.body.find("leaves the vault readable (data remanence): the panic button"), std::string::npos)
      << message.body;
}

TEST(Mail, MultipartTakesTheTextPartAndKeepsPgpArmour) {
  const MailMessage message = mail("report-pgp.eml");
  EXPECT_EQ(message.date_unix, parse_time("2026-12-02T23:15:00Z", "t"));
  EXPECT_EQ(message.body.find("ignored html part"), std::string::npos);
  EXPECT_NE(message.body.find("-----BEGIN PGP MESSAGE-----"), std::string::npos);
  EXPECT_NE(message.body.find("-----END PGP MESSAGE-----"), std::string::npos);
}

TEST(Mail, ObsoleteZonesAndTwoDigitYears) {
  const auto date = [](const std::string& value) {
    return parse_mail("m", "From: a@b\nDate: " + value + "\n\nbody").date_unix;
  };
  EXPECT_EQ(date("1 Dec 26 10:00:00 EST"), parse_time("2026-12-01T15:00:00Z", "t"));
  EXPECT_EQ(date("Mon, 30 Nov 2026 23:00 -0130"), parse_time("2026-12-01T00:30:00Z", "t"));
  EXPECT_THROW(date("yesterday"), Error);
}

TEST(Mail, BadMessagesAreErrorsWithTheirLine) {
  EXPECT_THROW(parse_mail("m", ""), Error);
  EXPECT_THROW(parse_mail("m", "Subject: no sender\n\nbody"), Error);
  try {
    parse_mail("m.eml", "From: a@b\nthis is not a header\n\nbody");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("m.eml:2:1"), std::string::npos) << e.what();
  }
}

TEST(Mail, AUserSafetyReportOpensOnceWithTheMailsDate) {
  incident::testing::Drill drill("intake_mail");
  const MailMessage message = mail("report.eml");
  const incident::ExternalReport report = mail_report("report.eml", message, Context{});
  EXPECT_EQ(report.request.playbook, "user-safety-report");
  EXPECT_EQ(report.request.user_safety_class, "panic-wipe-defeat");
  const incident::ExternalSync sync = incident::sync_external(drill.when("2026-12-05T00:00:00Z"), {report});
  ASSERT_EQ(sync.opened.size(), 1u);
  const incident::Incident opened = incident::load_incident(*drill.store, sync.opened[0]);
  EXPECT_EQ(opened.reported_at, *message.date_unix);
  EXPECT_EQ(opened.reporter, "Carol Reporter <carol@example.org>");
  EXPECT_TRUE(incident::sync_external(drill.when("2026-12-05T01:00:00Z"), {report}).opened.empty());

  const incident::ExternalReport encrypted = mail_report("p.eml", mail("report-pgp.eml"), Context{});
  EXPECT_EQ(encrypted.request.playbook, "reported-vulnerability");  // tocsin cannot read it: triage decides
  EXPECT_EQ(encrypted.request.external.at("encrypted"), "pgp");
}

}  // namespace
}  // namespace tocsin::intake
