#pragma once

// An evaluation's report as one CSV table, for pandas (pd.read_csv, then filter on `section`).
// Header: section,arm,kind,baseline,seed,epoch,metric,value,std,low,high,verdict
//
//   epoch       one row per arm, finished run (seed) and epoch: value = the held-out score
//               after that epoch (the last epoch's is the run's score)
//   arm         one row per arm: value = mean over the runs, std = their sample std
//   comparison  one row per policy × baseline pair: arm = the policy, baseline = the baseline,
//               value = mean of the paired per-seed differences (policy − baseline), std = their
//               std, low/high = its 95 % interval (empty with one seed), verdict = no-interval,
//               no-difference, policy-better, baseline-better, or too-few-held-out (an interval
//               that excludes 0 on fewer than 100 held-out images: no arm is called better)
//
// arm is the policy file (as given) or the baseline's name; kind is policy or baseline;
// metric is accuracy or mIoU. Empty cells are missing values. Numbers are written with '.'
// and the shortest digits that read back exactly.

#include "evaluate/Evaluate.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace augstudio::ui {

// The held-out score after each epoch, averaged over the arm's finished runs.
std::vector<double> meanCurve(const EvaluateArmResult &arm);

QByteArray evaluateReportCsv(const EvaluateResult &result);
// Writes the CSV atomically (the old file stays until the new one is complete); false with
// the reason in *error.
bool saveEvaluateReport(const EvaluateResult &result, const QString &path, QString *error = nullptr);

} // namespace augstudio::ui
