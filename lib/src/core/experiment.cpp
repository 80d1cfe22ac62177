#include "theorylab/core/experiment.hpp"

#include <algorithm>

#include "theorylab/core/error.hpp"

namespace tl {

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

void Registry::add(std::function<std::unique_ptr<Experiment>()> factory) {
  experiments_.push_back(factory());
  std::stable_sort(experiments_.begin(), experiments_.end(),
                   [](const auto& a, const auto& b) { return a->info().name < b->info().name; });
}

const Experiment& Registry::find(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& e : experiments_) {
    const auto info = e->info();
    if (info.name == name) return *e;
    if (!info.hidden) names.push_back(info.name);
  }
  throw UsageError("unknown experiment '" + name + "'; " + suggest_names(name, names) +
                   " ('theorylab list' shows all)");
}

std::vector<const Experiment*> Registry::all(bool include_hidden) const {
  std::vector<const Experiment*> out;
  for (const auto& e : experiments_)
    if (include_hidden || !e->info().hidden) out.push_back(e.get());
  return out;
}

}  // namespace tl
