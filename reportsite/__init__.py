"""reportsite: bilingual static sites for Chinese government annual work reports."""
