# Survey invitation letters.
letter-title = Einladung zur Befragung
letter-body = Ihre Stadtverwaltung möchte wissen, wie vielfältig ihre Beschäftigten sind. Die Befragung ist freiwillig und anonym: Ihr Name steht nirgends, und Ihr Code wird nach dem Absenden nur als verbraucht markiert – ohne Verbindung zu Ihren Antworten.
letter-url = Adresse der Befragung
letter-code = Ihr persönlicher Zugangscode
letter-qr = QR-Code: öffnet die Befragung mit Ihrem Code
letter-second = Zweite Spalte auf Englisch (Briefe als PDF)
