package se.pks.stream.demo;

import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Ownership;

/**
 * The units of Region Exempel: three public hospitals and two private providers, each unit with its story.
 * Some units fall behind their plans (Ortopedmottagningen at Sjöstad, Öron-näsa-hals at Norrby), some do better
 * than planned (the eye clinics, Åbacka's orthopaedic theatres), one slides over time (Hudmottagningen at Sjöstad)
 * and one ward runs below its planned beds; referrals above forecast make some waiting lists grow.
 */
final class DemoCatalogue {

    static final String REGION_ID = "region-demo";

    private DemoCatalogue() {
    }

    static List<DemoUnit> units() {
        final List<DemoUnit> units = new ArrayList<>();
        final Organisation sus = new Organisation("sus", "Sjöstads universitetssjukhus", Ownership.PUBLIC);
        units.add(sus.outpatient("ort-mott", "Ortopedmottagningen", 32, 0.85, 0.0, 1.02));
        units.add(sus.outpatient("ogon-mott", "Ögonmottagningen", 40, 1.08, 0.0, 1.07));
        units.add(sus.outpatient("hud-mott", "Hudmottagningen", 20, 1.02, -0.10, 1.0));
        units.add(sus.surgical("ort-op", "Ortopedisk operation", 30, 2.0, 0.15, 0.88, 0.0, 1.0));
        units.add(sus.surgical("kir-op", "Kirurgisk operation", 28, 2.5, 0.25, 1.0, 0.0, 1.0));
        units.add(sus.ward("med-avd", "Medicinavdelning 1", 28, 5.0, 0.96, 0.92, 0.0));
        units.add(sus.ward("kir-avd", "Kirurgavdelning 2", 24, 4.0, 0.88, 1.0, 0.0));
        units.add(sus.ward("ger-avd", "Geriatrisk avdelning", 20, 9.0, 0.93, 1.0, 0.0));

        final Organisation nol = new Organisation("nol", "Norrby lasarett", Ownership.PUBLIC);
        units.add(nol.outpatient("kar-mott", "Kardiologimottagningen", 18, 0.97, 0.0, 1.0));
        units.add(nol.outpatient("gyn-mott", "Gynekologimottagningen", 26, 1.10, 0.0, 1.07));
        units.add(nol.outpatient("onh-mott", "Öron-näsa-halsmottagningen", 22, 0.82, 0.0, 1.04));
        units.add(nol.surgical("gyn-op", "Gynekologisk operation", 18, 1.5, 0.10, 1.06, 0.0, 1.03));
        units.add(nol.surgical("kir-op", "Allmänkirurgisk operation", 22, 2.0, 0.20, 0.90, 0.0, 1.02));
        units.add(nol.ward("med-avd", "Medicinavdelning", 26, 5.0, 0.94, 1.0, 0.0));
        units.add(nol.ward("kir-avd", "Kirurgavdelning", 18, 4.0, 0.85, 1.0, 0.0));
        units.add(nol.ward("ort-avd", "Ortopedavdelning", 16, 6.0, 0.90, 1.04, 0.0));

        final Organisation abs = new Organisation("abs", "Åbacka sjukhus", Ownership.PUBLIC);
        units.add(abs.outpatient("ort-mott", "Ortopedmottagningen", 24, 1.0, 0.0, 1.0));
        units.add(abs.outpatient("uro-mott", "Urologimottagningen", 16, 1.12, 0.0, 1.08));
        units.add(abs.outpatient("ogon-mott", "Ögonmottagningen", 30, 0.92, 0.08, 1.0));
        units.add(abs.surgical("ort-op", "Ortopedisk operation", 24, 1.8, 0.12, 1.10, 0.0, 1.06));
        units.add(abs.surgical("uro-op", "Urologisk operation", 16, 1.2, 0.08, 0.84, 0.0, 1.02));
        units.add(abs.ward("med-avd", "Medicinavdelning", 30, 6.0, 0.97, 1.0, 0.0));
        units.add(abs.ward("inf-avd", "Infektionsavdelning", 15, 5.0, 0.80, 1.0, 0.0));
        units.add(abs.ward("str-avd", "Strokeavdelning", 22, 8.0, 0.92, 0.96, 0.0));

        final Organisation cig = new Organisation("cig", "Kliniken Citygården AB", Ownership.PRIVATE);
        units.add(cig.outpatient("ogon-mott", "Ögonmottagningen", 38, 1.10, 0.0, 1.07));
        units.add(cig.outpatient("hud-mott", "Hudmottagningen", 24, 1.0, 0.0, 1.0));
        units.add(cig.surgical("ogon-op", "Kataraktoperation", 45, 0.6, 0.0, 1.08, 0.0, 1.05));

        final Organisation lek = new Organisation("lek", "Ledkirurgen AB", Ownership.PRIVATE);
        units.add(lek.outpatient("ort-mott", "Ortopedmottagningen", 20, 1.0, 0.0, 1.0));
        units.add(lek.outpatient("rygg-mott", "Ryggmottagningen", 14, 1.05, 0.0, 1.03));
        units.add(lek.surgical("ort-op", "Ortopedisk dagkirurgi", 26, 1.6, 0.0, 0.86, 0.0, 1.0));
        return List.copyOf(units);
    }

    /** One hospital or private provider: it registers its units under its own provider and organisation ids. */
    private record Organisation(String code, String name, Ownership ownership) {

        DemoUnit outpatient(final String unitCode, final String unitName, final double firstVisitsPerWeek,
                final double performance, final double drift, final double inflowRatio) {
            // private clinics take few emergencies: they are contracted for planned care
            final double emergencies = ownership == Ownership.PRIVATE ? 0.05 : 0.3;
            return unit(unitCode, unitName, new UnitProfile.Outpatient(firstVisitsPerWeek, 1.6, emergencies),
                    performance, drift, inflowRatio);
        }

        DemoUnit surgical(final String unitCode, final String unitName, final double operationsPerWeek,
                final double meanHours, final double acuteShare, final double performance, final double drift,
                final double inflowRatio) {
            return unit(unitCode, unitName, new UnitProfile.Surgical(operationsPerWeek, meanHours, acuteShare),
                    performance, drift, inflowRatio);
        }

        DemoUnit ward(final String unitCode, final String unitName, final int staffedBeds, final double meanStayDays,
                final double occupancy, final double performance, final double drift) {
            return unit(unitCode, unitName, new UnitProfile.Ward(staffedBeds, meanStayDays, occupancy),
                    performance, drift, 1.0);
        }

        private DemoUnit unit(final String unitCode, final String unitName, final UnitProfile profile,
                final double performance, final double drift, final double inflowRatio) {
            final CareUnit unit = new CareUnit(code + "-" + unitCode, unitName, "prov-" + code, "org-" + code, name,
                    ownership, REGION_ID);
            return new DemoUnit(unit, profile, performance, drift, inflowRatio);
        }
    }
}
